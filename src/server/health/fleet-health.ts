// The management plane's view of every cluster's sidecars, built from the agents' health reports
// (a full report per stream, then changes only), and the on-demand sweep: ask the agent, wait for
// its report carrying the request id. Held in memory by the replica the agent is connected to.
import { randomUUID } from 'node:crypto';
import { causeSeverity, type ClusterHealthView, type PodHealthView, type SidecarCause } from '../../api/index.js';
import type { ServerMessage, SidecarHealth, SidecarHealthReport } from '../../gen/agent-types.js';

export type { ClusterHealthView, PodHealthView };

interface ClusterEntry {
  pods: Map<string, SidecarHealth>;
  sweptAtMs: number;
  durationMs: number;
  send: ((m: ServerMessage) => void) | undefined;
  waiters: Map<string, () => void>;
}

const key = (h: { namespace: string; name: string }): string => `${h.namespace}/${h.name}`;

/** See the file comment. */
export class FleetHealth {
  private readonly clusters = new Map<string, ClusterEntry>();

  private entry(fqn: string): ClusterEntry {
    let e = this.clusters.get(fqn);
    if (!e) this.clusters.set(fqn, (e = { pods: new Map(), sweptAtMs: 0, durationMs: 0, send: undefined, waiters: new Map() }));
    return e;
  }

  /** An agent stream of `fqn` is up; `send` reaches it. */
  attach(fqn: string, send: (m: ServerMessage) => void): void {
    this.entry(fqn).send = send;
  }

  /** The stream ended: results stay (marked disconnected); pending sweeps are released. */
  detach(fqn: string, send: (m: ServerMessage) => void): void {
    const e = this.clusters.get(fqn);
    if (!e || e.send !== send) return;
    e.send = undefined;
    for (const w of e.waiters.values()) w();
    e.waiters.clear();
  }

  /** Forgets a deleted cluster. */
  forget(fqn: string): void {
    this.clusters.delete(fqn);
  }

  /** Applies one report from the cluster's agent. */
  apply(fqn: string, r: SidecarHealthReport): void {
    const e = this.entry(fqn);
    if (r.full) e.pods.clear();
    for (const h of r.changed) e.pods.set(key(h), h);
    for (const k of r.removed) e.pods.delete(k);
    e.sweptAtMs = r.sweptAtMs;
    e.durationMs = r.durationMs;
    if (r.requestId) {
      e.waiters.get(r.requestId)?.();
      e.waiters.delete(r.requestId);
    }
  }

  /** Whether a pod of the cluster is ready by its last report; undefined when it was not reported. */
  podReady(fqn: string, namespace: string, name: string): boolean | undefined {
    return this.clusters.get(fqn)?.pods.get(`${namespace}/${name}`)?.ready;
  }

  /** Clusters with a report, by FQN. */
  clusterFqns(): string[] {
    return [...this.clusters.entries()]
      .filter(([, e]) => e.sweptAtMs > 0 || e.send)
      .map(([f]) => f)
      .sort();
  }

  /** Asks the cluster's agent to sweep now and waits for its answer; false when no agent is connected or it timed out. */
  async sweep(fqn: string, timeoutMs: number): Promise<boolean> {
    const e = this.clusters.get(fqn);
    if (!e?.send) return false;
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const answered = await new Promise<boolean>((resolve) => {
      e.waiters.set(id, () => resolve(e.send !== undefined));
      timer = setTimeout(() => {
        e.waiters.delete(id);
        resolve(false);
      }, timeoutMs);
      e.send?.({ sweepRequest: { requestId: id } });
    });
    clearTimeout(timer);
    return answered;
  }

  /** The view of one cluster, pods filtered by `visible` (a workspace's namespaces); undefined when nothing was reported. */
  view(fqn: string, visible: (namespace: string) => boolean = () => true, now = Date.now()): ClusterHealthView | undefined {
    const e = this.clusters.get(fqn);
    if (!e || e.sweptAtMs === 0) return undefined;
    const byNs = new Map<string, { namespace: string; total: number; ready: number }>();
    const notReady: PodHealthView[] = [];
    let total = 0;
    let ready = 0;
    for (const h of e.pods.values()) {
      if (!visible(h.namespace)) continue;
      total++;
      const ns = byNs.get(h.namespace) ?? { namespace: h.namespace, total: 0, ready: 0 };
      byNs.set(h.namespace, ns);
      ns.total++;
      if (h.ready) {
        ready++;
        ns.ready++;
        continue;
      }
      notReady.push({
        namespace: h.namespace,
        name: h.name,
        ip: h.ip,
        cause: h.cause,
        reason: h.reason,
        fix: h.fix,
        details: h.details,
        since: new Date(h.sinceMs).toISOString(),
        ageSeconds: Math.max(0, Math.round((now - h.sinceMs) / 1000)),
      });
    }
    notReady.sort(
      (a, b) => causeSeverity(a.cause as SidecarCause) - causeSeverity(b.cause as SidecarCause) || b.ageSeconds - a.ageSeconds || key(a).localeCompare(key(b)),
    );
    return {
      cluster: fqn.slice(fqn.lastIndexOf('/') + 1),
      fqn,
      agentConnected: e.send !== undefined,
      sweptAt: new Date(e.sweptAtMs).toISOString(),
      sweepDurationMs: e.durationMs,
      total,
      ready,
      namespaces: [...byNs.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)),
      notReady,
    };
  }
}
