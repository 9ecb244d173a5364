import type { Store } from '../../store/index.js';
import { aggregateRecords, clusterRecord, type ClusterOutcome } from '../status/index.js';

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
    const { clusters: _omit, ...agg } = aggregateRecords(await this.store.getStatus(fqn));
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
