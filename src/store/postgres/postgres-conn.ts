import type pg from 'pg';
import { CoreErrors, MeshError } from '../../api/index.js';
import type { SqlConn, SqlRow, SqlValue } from '../sql-conn.js';

/** Statement text in pg's `$n` form and its prepared-statement name, computed once per SQL. */
const translated = new Map<string, { text: string; name: string }>();

function toPg(sql: string): { text: string; name: string } {
  let t = translated.get(sql);
  if (t === undefined) {
    let n = 0;
    // The shared SQL uses `?` placeholders and never a literal question mark.
    t = { text: sql.replace(/\?/g, () => `$${++n}`), name: `mb_${translated.size}` };
    translated.set(sql, t);
  }
  return t;
}

/** Something that runs queries: the pool or one checked-out client. */
export type PgQueryable = pg.Pool | pg.PoolClient | pg.Client;

/**
 * SqlConn over pg, with named statements so each connection prepares each query once. Transaction
 * control statements can be deferred: they travel with the next parameterless query in one simple
 * query message (`BEGIN; SELECT … FOR UPDATE`), saving a round trip per write.
 */
export class PostgresConn implements SqlConn {
  private deferred: string[] = [];
  private sent = false;

  constructor(private readonly q: PgQueryable) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return (await this.query(sql, params)).rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  /** Queues a statement without parameters or results to go out with the next one. */
  defer(sql: string): void {
    this.deferred.push(sql);
  }

  /** Sends the deferred statements now. */
  async flush(): Promise<void> {
    if (this.deferred.length === 0) return;
    const text = this.deferred.join('; ');
    this.deferred = [];
    this.sent = true;
    try {
      await this.q.query(text);
    } catch (e) {
      throw postgresError(e);
    }
  }

  /** Drops deferred statements; true when anything was sent to the server before. */
  discard(): boolean {
    this.deferred = [];
    return this.sent;
  }

  private async query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<SqlRow>> {
    const { text, name } = toPg(sql);
    try {
      if (this.deferred.length > 0 && params.length === 0) {
        // A multi-statement simple query answers with one result per statement: ours is last.
        const batch = [...this.deferred, text].join('; ');
        this.deferred = [];
        this.sent = true;
        const results = (await this.q.query(batch)) as unknown as pg.QueryResult<SqlRow> | pg.QueryResult<SqlRow>[];
        return Array.isArray(results) ? results[results.length - 1] : results;
      }
      await this.flush();
      this.sent = true;
      return await this.q.query<SqlRow>({ text, name, values: [...params] });
    } catch (e) {
      throw postgresError(e);
    }
  }
}

/** Maps connection-level failures to StoreUnavailable; SQL errors pass through unchanged. */
export function postgresError(e: unknown): unknown {
  if (e instanceof MeshError) return e;
  const code = (e as { code?: unknown }).code;
  const connection =
    typeof code === 'string' && (/^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code));
  const msg = e instanceof Error ? e.message : String(e);
  if (connection || /Connection terminated|connection timeout|Client has encountered a connection error/i.test(msg)) {
    return new MeshError(CoreErrors.StoreUnavailable, `PostgreSQL is unreachable: ${msg}`, { cause: e });
  }
  return e;
}
