import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Store } from '../../store/index.js';
import type { ClusterCaStatus } from '../ca/index.js';
import type { CniReport } from '../../gen/agent-types.js';
import { storedMeshInfo, type StoredMeshInfo } from './mesh-seed.js';
import type { AgentSession } from './session.js';
import type { ClusterState } from './cluster-state.js';
import type { ClusterTrust } from '../../api/index.js';

/** The status meshbridge keeps on a Cluster resource (TSB: READY / "Cluster onboarded"). */
export interface ClusterStatus extends StoredMeshInfo {
  readonly status: 'ACCEPTED' | 'READY' | 'FAILED';
  readonly message: string;
  readonly lastEvent: string;
  readonly connected: boolean;
  readonly lastSeen: string;
  readonly agentVersion: string;
  readonly version: string;
  readonly replica: string;
  readonly namespaces: readonly string[];
  /** `<namespace>/<name>`; with the namespaces and StoredMeshInfo, the view a restarted server seeds from. */
  readonly services: readonly string[];
  /** The plug-in CA the cluster holds (fingerprints only) and whether it chains to the mesh root. */
  readonly ca?: ClusterCaStatus;
  /** Issue #13: the CNI chain of each node the agent inspects (meshbridge agent --cni-conf-dir). */
  readonly cni?: { readonly nodes: readonly ClusterCniNode[] };
  /** What the cluster's workloads trust (issue #16), grouped; read through src/server/trust. */
  readonly workloadTrust?: ClusterTrust;
}

/** The status record of a cluster whose agent is connected (or just disconnected) here. */
export function clusterStatusOf(state: ClusterState, session: AgentSession, connected: boolean, replica: string): ClusterStatus {
  const onboarded = session.synced || !connected;
  return {
    status: onboarded ? 'READY' : 'ACCEPTED',
    message: connected ? 'Cluster onboarded' : 'Cluster onboarded; agent disconnected (it keeps serving its last snapshot)',
    lastEvent: connected ? 'AGENT_SYNCED' : 'AGENT_DISCONNECTED',
    connected,
    lastSeen: new Date(session.lastHeard).toISOString(),
    agentVersion: session.agentVersion,
    version: session.ackedVersion,
    replica,
    namespaces: state.info.namespaces,
    services: (state.info.services ?? []).map((s) => `${s.namespace}/${s.name}`),
    ...(state.ca ? { ca: state.ca } : {}),
    ...(state.cni ? { cni: { nodes: state.cni } } : {}),
    ...storedMeshInfo(state.info),
    ...(state.trust ? { workloadTrust: state.trust } : {}),
  };
}

/** One node's CNI chain as the agent last reported it. */
export interface ClusterCniNode {
  readonly node: string;
  readonly confDir: string;
  readonly primary: string;
  readonly plugins: readonly string[];
  readonly chained: boolean;
  readonly problem?: string;
  readonly inspectedAt: string;
}

/** The agent's CNI report as the cluster status carries it. */
export function cniNodesOf(r: CniReport): ClusterCniNode[] {
  return r.nodes.map((n) => ({
    node: n.node,
    confDir: n.confDir,
    primary: n.primary,
    plugins: n.plugins,
    chained: n.chained,
    ...(n.problem ? { problem: n.problem } : {}),
    inspectedAt: new Date(n.inspectedAtMs).toISOString(),
  }));
}

/**
 * Coalesces cluster status writes (one pending value per cluster) and writes them in the
 * background, yielding to I/O between writes so thousands of agents connecting at once do not
 * stall the streams behind a burst of database transactions.
 */
export class ClusterStatusQueue {
  private readonly pending = new Map<string, ClusterStatus>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown, fqn: string) => void,
    /** True while snapshots are in flight: commits block the loop, so status waits (≤ 2 s per batch). */
    private readonly busy: () => boolean = () => false,
  ) {}

  /** Sets the next status of a cluster (replacing any value not yet written). */
  set(fqn: string, status: ClusterStatus): void {
    this.pending.set(fqn, status);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      for (let waited = 0; this.busy() && waited < 2_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      // Up to 100 writes at once: the store's group commit makes them share one transaction.
      const batch = [...this.pending.entries()].slice(0, 100);
      for (const [fqn] of batch) this.pending.delete(fqn);
      await Promise.all(
        batch.map(([fqn, status]) => this.store.putStatus({ fqn, source: '', status: { ...status } }).catch((e: unknown) => this.onError(e, fqn))),
      );
      await yieldToIo();
    }
  }

  /** Resolves when everything set so far is written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
