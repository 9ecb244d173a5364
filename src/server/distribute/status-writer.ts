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

/** The per-cluster status record written under source = cluster name. */
export function clusterRecord(o: ClusterOutcome): Record<string, unknown> {
  const [status, lastEvent] =
    o.state === 'applied' ? ['READY', 'XCP_APPLIED'] : o.state === 'rejected' ? ['FAILED', 'XCP_REJECTED'] : o.state === 'removed' ? ['REMOVED', 'XCP_REMOVED'] : ['ACCEPTED', 'XCP_ACCEPTED'];
  return { status, lastEvent, version: o.version, at: o.at, state: o.state, ...(o.message ? { message: o.message } : {}) };
}

function outcomeOf(rec: Record<string, unknown>): ClusterOutcome | undefined {
  const state = rec.state;
  if (state !== 'pending' && state !== 'applied' && state !== 'rejected' && state !== 'removed') return undefined;
  return { state, version: String(rec.version ?? ''), at: String(rec.at ?? ''), ...(typeof rec.message === 'string' ? { message: rec.message } : {}) };
}

/**
 * Buffers per-cluster outcomes and writes them in batches: one record per cluster (source = the
 * cluster name; a cluster streams to one replica at a time, so replicas never overwrite each
 * other), written concurrently so the store's group commit shares the fsyncs, then the aggregate
 * (source '') recomputed from every cluster's record.
 */
export class StatusWriter {
  private pending = new Map<string, Map<string, ClusterOutcome>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  private firstRecord = 0;

  constructor(
    private readonly store: Store,
    private readonly flushMs: number,
    private readonly onError: (err: unknown, fqn: string) => void,
    /** True while snapshots are in flight: SQLite commits block the event loop, so wait. */
    private readonly busy: () => boolean = () => false,
    private readonly maxDelayMs = 5_000,
  ) {}

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.busy() && Date.now() - this.firstRecord < this.maxDelayMs) return this.schedule(50);
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  /** Records one cluster's outcome for a resource; written within `flushMs`. */
  record(fqn: string, cluster: string, outcome: Omit<ClusterOutcome, 'at'>): void {
    let m = this.pending.get(fqn);
    if (!m) this.pending.set(fqn, (m = new Map()));
    m.set(cluster, { ...outcome, at: new Date().toISOString() });
    if (this.timer) return;
    this.firstRecord = Date.now();
    this.schedule(this.flushMs);
  }

  /** Writes everything recorded so far. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const writes: Promise<void>[] = [];
    for (const [fqn, clusters] of batch) {
      for (const [cluster, o] of clusters) {
        writes.push(this.store.putStatus({ fqn, source: cluster, status: clusterRecord(o) }).catch((e: unknown) => this.onError(e, fqn)));
      }
    }
    await Promise.all(writes);
    await Promise.all([...batch.keys()].map((fqn) => this.writeAggregate(fqn).catch((e: unknown) => this.onError(e, fqn))));
  }

  private async writeAggregate(fqn: string): Promise<void> {
    const merged: Record<string, ClusterOutcome> = {};
    for (const rec of await this.store.getStatus(fqn)) {
      if (rec.source === '') continue;
      const o = outcomeOf(rec.status as Record<string, unknown>);
      if (o) merged[rec.source] = o;
    }
    const { clusters: _omit, ...agg } = aggregate(merged);
    await this.store.putStatus({ fqn, source: '', status: agg });
  }

  /** Flushes and stops the timer. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
