import type { Store } from '../../store/index.js';

/** What one cluster reported for one resource. */
export interface ClusterOutcome {
  readonly state: 'pending' | 'applied' | 'rejected' | 'removed';
  readonly version: string;
  readonly message?: string;
  /** ISO time; the newest report for a cluster wins when replicas' records are merged. */
  readonly at: string;
}

/** TSB's resource status shape (`GET /v2/{fqn}/status`). */
export interface ResourceStatus {
  readonly status: 'ACCEPTED' | 'READY' | 'PARTIAL' | 'FAILED';
  readonly lastEvent: string;
  readonly message: string;
  readonly clusters: Record<string, { status: string; lastEvent: string; message?: string; version: string; at: string }>;
}

/** Folds per-cluster outcomes into one resource status (pure). */
export function aggregate(outcomes: Readonly<Record<string, ClusterOutcome>>): ResourceStatus {
  const live = Object.entries(outcomes).filter(([, o]) => o.state !== 'removed').sort(([a], [b]) => (a < b ? -1 : 1));
  const clusters: ResourceStatus['clusters'] = {};
  for (const [c, o] of live) {
    const [status, lastEvent] = o.state === 'applied' ? ['READY', 'XCP_APPLIED'] : o.state === 'rejected' ? ['FAILED', 'XCP_REJECTED'] : ['ACCEPTED', 'XCP_ACCEPTED'];
    clusters[c] = { status, lastEvent, version: o.version, at: o.at, ...(o.message ? { message: o.message } : {}) };
  }
  const pending = live.filter(([, o]) => o.state === 'pending');
  const rejected = live.filter(([, o]) => o.state === 'rejected');
  if (live.length === 0) return { status: 'ACCEPTED', lastEvent: 'XCP_ACCEPTED', message: 'no connected cluster selects this resource', clusters };
  if (pending.length > 0) return { status: 'ACCEPTED', lastEvent: 'XCP_ACCEPTED', message: `waiting for ${pending.length} of ${live.length} cluster(s)`, clusters };
  const reasons = rejected.map(([c, o]) => `${c}: ${o.message ?? 'rejected'}`).join('; ');
  if (rejected.length === live.length) return { status: 'FAILED', lastEvent: 'XCP_REJECTED', message: reasons, clusters };
  if (rejected.length > 0) return { status: 'PARTIAL', lastEvent: 'XCP_PARTIALLY_APPLIED', message: `applied in ${live.length - rejected.length} of ${live.length} cluster(s); ${reasons}`, clusters };
  return { status: 'READY', lastEvent: 'XCP_APPLIED', message: `applied in ${live.length} cluster(s)`, clusters };
}

/**
 * Buffers per-cluster outcomes and writes them in batches: each replica keeps its own record
 * (source `replica:<id>`) so replicas never overwrite each other's clusters, and the aggregate
 * (source '') is recomputed from all replicas' records, newest report per cluster winning.
 */
export class StatusWriter {
  private readonly mine = new Map<string, Map<string, ClusterOutcome>>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly replica: string,
    private readonly flushMs: number,
    private readonly onError: (err: unknown, fqn: string) => void,
  ) {}

  /** Records one cluster's outcome for a resource; written within `flushMs`. */
  record(fqn: string, cluster: string, outcome: Omit<ClusterOutcome, 'at'>): void {
    let m = this.mine.get(fqn);
    if (!m) this.mine.set(fqn, (m = new Map()));
    m.set(cluster, { ...outcome, at: new Date().toISOString() });
    this.dirty.add(fqn);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, this.flushMs);
  }

  /** Writes everything recorded so far. */
  async flush(): Promise<void> {
    const fqns = [...this.dirty];
    this.dirty.clear();
    for (const fqn of fqns) {
      try {
        await this.writeOne(fqn);
      } catch (e) {
        this.onError(e, fqn);
      }
    }
  }

  private async writeOne(fqn: string): Promise<void> {
    const clusters = Object.fromEntries(this.mine.get(fqn) ?? []);
    await this.store.putStatus({ fqn, source: `replica:${this.replica}`, status: { clusters } });
    const merged: Record<string, ClusterOutcome> = {};
    for (const rec of await this.store.getStatus(fqn)) {
      if (!rec.source.startsWith('replica:')) continue;
      const cs = (rec.status.clusters ?? {}) as Record<string, ClusterOutcome>;
      for (const [c, o] of Object.entries(cs)) if (!merged[c] || merged[c].at < o.at) merged[c] = o;
    }
    await this.store.putStatus({ fqn, source: '', status: { ...aggregate(merged) } });
  }

  /** Flushes and stops the timer. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
