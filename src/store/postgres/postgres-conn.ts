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

/** SqlConn over pg, with named statements so each connection prepares each query once. */
export class PostgresConn implements SqlConn {
  constructor(private readonly q: PgQueryable) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return (await this.query(sql, params)).rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  private async query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<SqlRow>> {
    const { text, name } = toPg(sql);
    try {
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
