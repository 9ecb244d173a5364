import type { Change, Store } from '../../store/index.js';
import type { Feed } from '../contracts.js';

type Listener = (changes: readonly Change[]) => void;

interface Sub {
  cursor: number;
  /** Catching up on its own queries; the shared pump skips it until it reaches the head. */
  syncing: boolean;
  readonly listener: Listener;
  closed: boolean;
}

/** Rows per query; a batch never ends in the middle of one revision's rows. */
const PAGE = 1000;

/**
 * The change feed: one pump follows the store's revision (woken by `store.subscribe`, with a slow
 * poll as a safety net) and hands each batch to the listeners that are at the head; a listener
 * that subscribes from an older revision catches up on its own queries first. Every listener
 * therefore sees each change exactly once, in order.
 */
export class StoreFeed implements Feed {
  private head = 0;
  private readonly subs = new Set<Sub>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly pollMs = 1000,
  ) {}

  get revision(): number {
    return this.head;
  }

  /** Starts following the store from its current revision. */
  async start(): Promise<void> {
    this.head = await this.store.currentRevision();
    this.unsubscribe = this.store.subscribe(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  /** Stops following the store; listeners get nothing more. */
  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.subs.clear();
  }

  /** Resolves when the pump has caught up with what the store has now (for tests and shutdown). */
  async settle(): Promise<void> {
    this.wake();
    while (this.pumping) await this.pumping;
  }

  subscribe(fromRevision: number, listener: Listener): () => void {
    const sub: Sub = { cursor: fromRevision, syncing: fromRevision < this.head, listener, closed: false };
    this.subs.add(sub);
    if (sub.syncing) void this.catchUp(sub);
    return () => {
      sub.closed = true;
      this.subs.delete(sub);
    };
  }

  private wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.fetchAfter(this.head);
        if (rows.length === 0) return;
        this.head = rows[rows.length - 1].revision;
        for (const sub of this.subs) if (!sub.syncing) this.deliver(sub, rows);
      }
    } catch (err) {
      this.onError(err);
    }
  }

  private async catchUp(sub: Sub): Promise<void> {
    try {
      while (!sub.closed) {
        const headBefore = this.head;
        const rows = await this.fetchAfter(sub.cursor);
        if (rows.length > 0) {
          this.deliver(sub, rows);
          continue;
        }
        // Nothing after the cursor up to at least `headBefore` (revisions without change rows exist).
        sub.cursor = Math.max(sub.cursor, headBefore);
        if (sub.cursor >= this.head) {
          // No await between this check and the pump's next delivery: joining the live stream is gap-free.
          sub.syncing = false;
          return;
        }
      }
    } catch (err) {
      this.onError(err);
      if (!sub.closed) setTimeout(() => void this.catchUp(sub), 500).unref();
    }
  }

  private deliver(sub: Sub, rows: readonly Change[]): void {
    const fresh = rows.filter((r) => r.revision > sub.cursor);
    if (fresh.length === 0 || sub.closed) return;
    sub.cursor = fresh[fresh.length - 1].revision;
    try {
      sub.listener(fresh);
    } catch (err) {
      this.onError(err);
    }
  }

  /** Changes after `after`, whole revisions only (a page cut inside a revision is trimmed or widened). */
  private async fetchAfter(after: number): Promise<Change[]> {
    for (let limit = PAGE; ; limit *= 4) {
      const rows = await this.store.changesSince(after, limit);
      if (rows.length < limit) return rows;
      const last = rows[rows.length - 1].revision;
      if (rows[0].revision !== last) return rows.filter((r) => r.revision < last);
    }
  }
}

/** Creates and starts the change feed over `store`. */
export async function createFeed(store: Store, onError?: (err: unknown) => void): Promise<StoreFeed> {
  const feed = new StoreFeed(store, onError);
  await feed.start();
  return feed;
}
