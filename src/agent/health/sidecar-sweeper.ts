// The agent's sidecar prober: probes every pod its inventory lists (pod IP:15021 /healthz/ready as
// kubelet does; when not ready, the cause from pilot-agent's merged stats on 15020) with bounded
// concurrency and a deadline per request, on an interval and on demand, and reports only what
// changed since the last report.
import { probeSidecar } from '../../client/index.js';
import type { SidecarHealth, SidecarHealthReport } from '../../gen/agent-types.js';
import type { InventoryPod } from '../inventory/inventory.js';

export interface SweeperOptions {
  /** The pods to probe (re-read at every sweep). */
  readonly pods: () => Promise<readonly InventoryPod[]>;
  /** Parallel probes at most (default 128). */
  readonly concurrency?: number;
  /** Deadline per HTTP request (default 2000 ms). */
  readonly timeoutMs?: number;
  /** Period between sweeps; 0 = only on demand (default 30 s). */
  readonly intervalMs?: number;
  /** Envoy's readiness port and pilot-agent's status port (15021, 15020). */
  readonly ports?: { ready: number; agent: number };
  /** Receives each report that has something to say (first one full, then changes only). */
  readonly onReport: (r: SidecarHealthReport) => void;
  readonly now?: () => number;
}

/** One finished sweep. */
export interface SweepSummary {
  total: number;
  ready: number;
  changed: number;
  removed: number;
  durationMs: number;
}

const key = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;

function same(a: SidecarHealth, b: SidecarHealth): boolean {
  return a.ready === b.ready && a.cause === b.cause && a.reason === b.reason && a.ip === b.ip && a.details.join('\n') === b.details.join('\n');
}

function ipUrl(ip: string, port: number, path = ''): string {
  return `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}${path}`;
}

/** Probes the fleet of one cluster; see the file comment. */
export class SidecarSweeper {
  private last = new Map<string, SidecarHealth>();
  private sentFull = false;
  private running: Promise<SweepSummary> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: SweeperOptions) {}

  /** Starts periodic sweeps (the first one now). */
  start(onError: (e: Error) => void = () => undefined): void {
    void this.sweepNow().catch(onError);
    const every = this.opts.intervalMs ?? 30_000;
    if (every > 0) this.timer = setInterval(() => void this.sweepNow().catch(onError), every);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The next report is full (a new stream: the server rebuilds its view from it). */
  resetStream(): void {
    this.sentFull = false;
  }

  /** A full report of the last sweep (for a new stream), without probing again. */
  fullReport(): SidecarHealthReport {
    this.sentFull = true;
    const all = [...this.last.values()];
    return {
      full: true,
      changed: all,
      removed: [],
      total: all.length,
      ready: all.filter((h) => h.ready).length,
      sweptAtMs: (this.opts.now ?? Date.now)(),
      durationMs: 0,
      requestId: '',
    };
  }

  /** What the last sweep found, by namespace/name. */
  get current(): ReadonlyMap<string, SidecarHealth> {
    return this.last;
  }

  /** Sweeps now; concurrent callers share one sweep. `requestId` is echoed in the report. */
  sweepNow(requestId = ''): Promise<SweepSummary> {
    if (this.running) return requestId ? this.running.then(() => this.sweepNow(requestId)) : this.running;
    this.running = this.sweep(requestId).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(requestId: string): Promise<SweepSummary> {
    const now = this.opts.now ?? Date.now;
    const started = performance.now();
    const pods = await this.opts.pods();
    const ports = this.opts.ports ?? { ready: 15021, agent: 15020 };
    const timeoutMs = this.opts.timeoutMs ?? 2000;
    const results: SidecarHealth[] = new Array(pods.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pods.length) {
        const i = next++;
        const p = pods[i];
        const r = await probeSidecar({ readyUrl: ipUrl(p.ip, ports.ready, '/healthz/ready'), agentUrl: ipUrl(p.ip, ports.agent) }, { timeoutMs });
        const e = r.explanation;
        const prev = this.last.get(key(p));
        const h: SidecarHealth = {
          namespace: p.namespace,
          name: p.name,
          ip: p.ip,
          ready: e.ready,
          cause: e.cause,
          reason: e.reason,
          fix: e.fix,
          details: e.details,
          sinceMs: now(),
        };
        if (prev && prev.ready === h.ready && prev.cause === h.cause) h.sinceMs = prev.sinceMs;
        results[i] = h;
      }
    };
    const n = Math.max(1, Math.min(this.opts.concurrency ?? 128, pods.length));
    await Promise.all(Array.from({ length: n }, worker));
    const fresh = new Map(results.map((h) => [key(h), h]));
    const changed = this.sentFull
      ? results.filter((h) => {
          const p = this.last.get(key(h));
          return !p || !same(p, h);
        })
      : results;
    const removed = this.sentFull ? [...this.last.keys()].filter((k) => !fresh.has(k)) : [];
    const full = !this.sentFull;
    this.last = fresh;
    const ready = results.filter((h) => h.ready).length;
    const durationMs = Math.round(performance.now() - started);
    if (full || changed.length || removed.length || requestId) {
      // Set first: onReport may call resetStream() when no stream took the report.
      this.sentFull = true;
      this.opts.onReport({ full, changed, removed, total: results.length, ready, sweptAtMs: now(), durationMs, requestId });
    }
    return { total: results.length, ready, changed: changed.length, removed: removed.length, durationMs };
  }
}
