import type { Feed } from '../contracts.js';
import type { Store } from '../../store/index.js';
import type { Ack, CniReport, Hello, Inventory } from '../../gen/agent-types.js';
import type { MeshView } from '../../translate/index.js';
import type { PodReady } from './cluster-info.js';
import type { AgentSession } from './session.js';
import type { StatusWriter } from './status-writer.js';
import type { ClusterStatusQueue } from './cluster-status.js';
import { AgentStreams } from './agent-streams.js';
import { DesiredState } from './desired-state.js';
import { CaDelivery } from './ca-delivery.js';
import { crossClusterNotes, type TranslationNote } from '../../translate/index.js';

/** Tunables, with the defaults the issue asks for. */
export interface DistributorOptions {
  readonly replica: string;
  readonly heartbeatMs: number;
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly maxInitialSyncs: number;
  readonly statusFlushMs: number;
  /** Called after each batch of changes with the clusters it recomputed (observability, tests). */
  readonly onRecomputed?: (clusters: readonly string[]) => void;
  /** How often connected clusters' cacerts are re-read so rotated intermediates reach them; 0 = never. Default 10 s. */
  readonly caRefreshMs?: number;
}

export const DEFAULT_OPTIONS: Omit<DistributorOptions, 'replica'> = {
  heartbeatMs: 10_000,
  debounceMs: 100,
  maxWaitMs: 1_000,
  maxInitialSyncs: 64,
  statusFlushMs: 250,
};

interface Log {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

/**
 * Cluster distribution, in two parts: the desired state (mirror of the store, indexes, translation
 * cache, which clusters a change touches; desired-state.ts) and the agent streams (sessions,
 * admission, push/ACK, heartbeat, revocation; agent-streams.ts). They meet through two calls: the
 * streams ask `desired(org, info, previous, mesh)`, the desired state tells the streams which connected
 * clusters to recompute (`StreamsView`). This class only wires them and keeps one surface for the
 * agent listener.
 */
export class Distributor {
  private readonly state: DesiredState;
  private readonly streams: AgentStreams;

  constructor(
    store: Store,
    feed: Feed,
    log: Log,
    readonly opts: DistributorOptions,
    /** Pod readiness per cluster from the sidecar health reports (gateway health). */
    podReady?: (clusterFqn: string) => PodReady | undefined,
  ) {
    const ca = new CaDelivery(store.reader);
    this.streams = new AgentStreams(
      store,
      log,
      opts,
      (org, info, previous, mesh) => this.state.desired(org, info, previous, mesh),
      (fqn) => ca.refresh(fqn),
      podReady,
    );
    this.state = new DesiredState(store, feed, log, this.streams, opts, ca);
  }

  get statuses(): StatusWriter {
    return this.streams.statuses;
  }

  get clusterStatuses(): ClusterStatusQueue {
    return this.streams.clusterStatuses;
  }

  /** Loads every resource, then follows the feed from the revision loaded; starts heartbeats. */
  async start(): Promise<void> {
    await this.state.start();
    this.streams.start();
  }

  /** Closes every stream and flushes statuses. */
  async stop(): Promise<void> {
    this.state.stopFollowing();
    this.streams.closeAll();
    await this.state.idle();
    await this.streams.flush();
  }

  /**
   * Status events of a resource that depend on what the agents report (issue #17: target
   * clusters its cross-cluster traffic leaves out, hostnames it loses), as translation sees them.
   */
  crossClusterNotes(res: { readonly fqn: string; readonly kind: string }): TranslationNote[] {
    const org = res.fqn.split('/').slice(0, 2).join('/');
    const index = this.state.indexOf(org);
    return index ? crossClusterNotes(res, index, this.streams.mesh(org).clusters) : [];
  }

  /** Number of open agent streams. */
  get connected(): number {
    return this.streams.connected;
  }

  /** Re-checks a cluster's streams against its keys at once (revocation on this replica). */
  credentialsChanged(fqn: string): Promise<void> {
    return this.streams.credentialsChanged(fqn);
  }

  /** Registers a verified stream after its Hello. Returns false when the cluster does not exist. */
  attach(session: AgentSession, hello: Hello): Promise<boolean> {
    return this.streams.attach(session, hello);
  }

  /** Handles an ACK or NACK of the version in flight. */
  onAck(session: AgentSession, ack: Ack): void {
    this.streams.onAck(session, ack);
  }

  /** Records the agent's latest inventory and recomputes its cluster. */
  onInventory(session: AgentSession, inv: Inventory): void {
    this.streams.onInventory(session, inv);
  }

  /** Issue #13: the agent's CNI chain report, into the cluster status. */
  onCniReport(session: AgentSession, r: CniReport): void {
    this.streams.onCniReport(session, r);
  }

  /** An agent heartbeat: refreshes the cluster's last-seen time, at most once a minute. */
  onHeartbeat(session: AgentSession): void {
    this.streams.onHeartbeat(session);
  }

  /** A sidecar health report of the cluster arrived (its gateways' health may follow; issue #17). */
  onHealth(session: AgentSession): void {
    this.streams.onHealth(session);
  }

  /** The org's mesh view (clusters, networks, gateways): the global service registry reads it. */
  mesh(org: string): MeshView {
    return this.streams.mesh(org);
  }

  /** Forgets a closed stream. */
  detach(session: AgentSession): void {
    this.streams.detach(session);
  }
}
