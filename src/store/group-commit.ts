import type { SqlConn } from './sql-conn.js';
import type { Mutex } from './mutex.js';

/** One open database transaction, as a backend hands it to GroupCommit. */
export interface TxHandle {
  readonly conn: SqlConn;
  /** Runs a statement without parameters or results (SAVEPOINT, RELEASE, ROLLBACK TO). */
  exec(sql: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface Job {
  fn: (conn: SqlConn) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: write callbacks queued while a transaction is running are executed one after the
 * other inside the next database transaction, each in its own SAVEPOINT, and that transaction is
 * committed once. Every write stays atomic (a throwing callback rolls back to its savepoint only)
 * and serialised, and is acknowledged only after the shared COMMIT — so N concurrent writers pay
 * one fsync (SQLite synchronous=FULL) or one commit round trip (PostgreSQL) instead of N.
 */
export class GroupCommit {
  private readonly queue: Job[] = [];
  private scheduled = false;

  constructor(
    /** Serialises batches with other exclusive work of the backend (migrations, close). */
    readonly mutex: Mutex,
    private readonly begin: () => Promise<TxHandle>,
    private readonly maxBatch = 100,
  ) {}

  /** Runs `fn` in its own savepoint of the next batch; resolves after the batch committed. */
  run<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        void this.mutex.run(() => this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.batch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.scheduled = false;
    }
  }

  private async batch(jobs: Job[]): Promise<void> {
    let tx: TxHandle;
    try {
      tx = await this.begin();
    } catch (e) {
      for (const j of jobs) j.reject(e);
      return;
    }
    if (jobs.length === 1) return this.single(tx, jobs[0]);
    const done: { job: Job; value: unknown }[] = [];
    try {
      for (const job of jobs) {
        await tx.exec('SAVEPOINT mb_write');
        try {
          const value = await job.fn(tx.conn);
          await tx.exec('RELEASE SAVEPOINT mb_write');
          done.push({ job, value });
        } catch (e) {
          await tx.exec('ROLLBACK TO SAVEPOINT mb_write');
          await tx.exec('RELEASE SAVEPOINT mb_write');
          job.reject(e);
        }
      }
      await tx.commit();
    } catch (e) {
      // The batch could not commit (disk full, connection lost): none of it is durable.
      await tx.rollback().catch(() => {});
      // Jobs that already failed on their own keep their first error; a promise settles once.
      for (const j of jobs) j.reject(e);
      return;
    }
    for (const d of done) d.job.resolve(d.value);
  }

  /** A batch of one needs no savepoint: the transaction itself is the unit (two statements fewer). */
  private async single(tx: TxHandle, job: Job): Promise<void> {
    let value: unknown;
    try {
      value = await job.fn(tx.conn);
      await tx.commit();
    } catch (e) {
      await tx.rollback().catch(() => {});
      job.reject(e);
      return;
    }
    job.resolve(value);
  }
}
