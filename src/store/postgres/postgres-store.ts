import pg from 'pg';
import { MeshError, StoreErrors } from '../../api/index.js';
import type { SqlConn } from '../sql-conn.js';
import type { JournalEntry } from '../write-journal.js';
import { SqlStore } from '../sql-store.js';
import { Mutex } from '../mutex.js';
import { GroupCommit, type TxHandle } from '../group-commit.js';
import { pendingMigrations } from '../migration.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresConn, postgresError } from './postgres-conn.js';

/** Options of the PostgreSQL backend. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/db`, optionally `?schema=name` (default `public`). */
  readonly url: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
}

const RECORD_SQL = `WITH
  v AS (INSERT INTO revisions (revision, actor, at) VALUES (?::bigint, ?, ?::timestamptz)),
  c AS (UPDATE revision_counter SET value = ?::bigint WHERE id = 1),
  e AS (SELECT * FROM ROWS FROM (json_to_recordset(?::json) AS (target text, fqn text, kind text, op text, etag_before text, etag_after text)) WITH ORDINALITY AS x(target, fqn, kind, op, etag_before, etag_after, ord)),
  ch AS (INSERT INTO changes (revision, fqn, kind, op) SELECT ?::bigint, fqn, kind, op FROM e WHERE target = 'resource' ORDER BY ord),
  au AS (INSERT INTO audit (revision, at, actor, op, kind, fqn, etag_before, etag_after) SELECT ?::bigint, ?::timestamptz, ?, op, kind, fqn, etag_before, etag_after FROM e ORDER BY ord)
SELECT pg_notify(?, ?) AS sent`;

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,47}$/;

/** Splits meshbridge's `schema` parameter off a PostgreSQL URL; throws InvalidDatabaseUrl. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MeshError(StoreErrors.InvalidDatabaseUrl, '--database: not a valid URL; use postgres://user:password@host:5432/dbname', { field: 'database' });
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new MeshError(
      StoreErrors.InvalidDatabaseUrl,
      `--database: schema ${JSON.stringify(schema)} must be lowercase letters, digits and '_' (at most 48), starting with a letter or '_'`,
      {
        field: 'database',
      },
    );
  }
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

/**
 * The HA backend: several server replicas share one database. Writes serialise on a row lock of
 * the revision counter (and, within one process, on a mutex so they never hold several pooled
 * connections); each commit NOTIFYs a channel that every replica LISTENs on, waking its feed.
 */
export class PostgresStore extends SqlStore {
  readonly backend = 'postgres' as const;
  private readonly mutex = new Mutex();
  private readonly group: GroupCommit;
  private readonly channel: string;
  private listener: pg.Client | undefined;
  private relistenTimer: NodeJS.Timeout | undefined;
  private relistenDelayMs = 500;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    readonly schema: string,
  ) {
    super(new PostgresConn(pool), { lockRevision: 'SELECT value FROM revision_counter WHERE id = 1 FOR UPDATE' });
    this.channel = `meshbridge_${schema}`;
    this.group = new GroupCommit(this.mutex, () => this.beginBatch());
  }

  /** Connects (pool plus a LISTEN connection); call migrate() before use. */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const { connectionString, schema } = parsePostgresUrl(opts.url);
    // search_path at connection start-up, so every pooled connection sees only its schema.
    const config: pg.ClientConfig = { connectionString, options: `-c search_path=${schema}`, application_name: 'meshbridge' };
    const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const store = new PostgresStore(pool, config, schema);
    try {
      await store.listen();
    } catch (e) {
      await pool.end();
      throw postgresError(e);
    }
    return store;
  }

  async migrate(): Promise<void> {
    this.checkOpen();
    await this.mutex.run(() =>
      this.withClient(async (client) => {
        const c = new PostgresConn(client);
        // Replicas starting together: the advisory lock lets one migrate while the others wait.
        await c.all('SELECT pg_advisory_xact_lock(hashtext(?)) AS locked', [`meshbridge-migrate:${this.schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
        await client.query(`SET LOCAL search_path TO "${this.schema}"`);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
        const applied = (await c.all('SELECT version FROM schema_migrations')).map((r) => Number(r.version));
        for (const m of pendingMigrations(POSTGRES_MIGRATIONS, applied)) {
          for (const s of m.statements) await client.query(s);
          await c.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
        }
      }).catch((e: unknown) => {
        const mapped = postgresError(e);
        if (mapped instanceof MeshError) throw mapped;
        throw new MeshError(StoreErrors.MigrationFailed, `migrating PostgreSQL schema ${this.schema} failed: ${(e as Error).message}`, { cause: e });
      }),
    );
  }

  protected transaction<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T> {
    return this.group.run(fn);
  }

  /**
   * Checks out a pooled client. A checked-out client that loses its connection emits 'error'; pg
   * leaves that event unhandled (an uncaught exception: a crashed server) unless someone listens,
   * so we listen until release and hand the error back to the pool to discard the client.
   */
  private async checkout(): Promise<{ client: pg.PoolClient; release: (err?: Error) => void }> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw postgresError(e);
    }
    let lost: Error | undefined;
    const onError = (e: Error) => {
      lost = e;
    };
    client.on('error', onError);
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.off('error', onError);
      client.release(err ?? lost);
    };
    return { client, release };
  }

  /**
   * A batch transaction on one pooled client. The revision row lock is taken by each write inside
   * its savepoint; a write whose savepoint rolls back may drop that lock, which is harmless: it
   * wrote nothing, and the next write locks and re-reads the counter.
   */
  private async beginBatch(): Promise<TxHandle> {
    const { client, release } = await this.checkout();
    const conn = new PostgresConn(client);
    // BEGIN, SAVEPOINT and RELEASE ride along with the next query instead of costing a round trip.
    conn.defer('BEGIN');
    return {
      conn,
      exec: async (sql) => conn.defer(sql),
      commit: async () => {
        conn.defer('COMMIT');
        await conn.flush();
        release();
      },
      rollback: async () => {
        if (!conn.discard()) return release();
        try {
          await client.query('ROLLBACK');
          release();
        } catch (e) {
          release(e instanceof Error ? e : new Error(String(e)));
        }
      },
    };
  }

  /** BEGIN … COMMIT on one pooled client; ROLLBACK on any error, discarding a broken client. */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, release } = await this.checkout();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((re: unknown) => {
        broken = re instanceof Error ? re : new Error(String(re));
      });
      throw postgresError(e);
    } finally {
      release(broken);
    }
  }

  /**
   * The revision, counter, change and audit rows and the NOTIFY in one statement (one round trip
   * instead of four or more). The NOTIFY is delivered only if and when the transaction commits.
   */
  protected override async record(conn: SqlConn, revision: number, actor: string, at: string, entries: readonly JournalEntry[]): Promise<void> {
    const rows = JSON.stringify(
      entries.map((e) => ({ target: e.target, fqn: e.fqn, kind: e.kind, op: e.op, etag_before: e.etagBefore, etag_after: e.etagAfter })),
    );
    const rev = String(revision);
    await conn.all(RECORD_SQL, [rev, actor, at, rev, rows, rev, rev, at, actor, this.channel, rev]);
  }

  protected async backendIntegrity(): Promise<string[]> {
    return [];
  }

  /** Opens the LISTEN connection; on loss it reconnects and reports the revision it may have missed. */
  private async listen(): Promise<void> {
    // application_name lets operators (and the reconnect test) tell this connection apart.
    const client = new pg.Client({ ...this.config, application_name: 'meshbridge-listen' });
    client.on('notification', (m) => {
      const revision = Number(m.payload);
      if (m.channel === this.channel && Number.isSafeInteger(revision)) this.notify(revision);
    });
    client.on('error', () => this.relisten(client));
    client.on('end', () => this.relisten(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.isClosed()) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
  }

  private relisten(lost: pg.Client): void {
    if (this.listener !== lost || this.isClosed()) return;
    this.listener = undefined;
    lost.end().catch(() => {});
    const retry = () => {
      this.relistenTimer = undefined;
      if (this.isClosed()) return;
      this.listen()
        .then(() => {
          this.relistenDelayMs = 500;
          // Writes of other replicas while we were deaf woke nobody: wake the listeners now.
          this.currentRevision().then(
            (r) => this.notify(r),
            () => {},
          );
        })
        .catch(() => {
          this.relistenDelayMs = Math.min(this.relistenDelayMs * 2, 30_000);
          this.relistenTimer = setTimeout(retry, this.relistenDelayMs).unref();
        });
    };
    // unref: a pending reconnect alone must not keep a finished process alive.
    this.relistenTimer = setTimeout(retry, this.relistenDelayMs).unref();
  }

  async close(): Promise<void> {
    if (!this.markClosed()) return;
    await this.mutex.drain();
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => {});
    await this.pool.end();
  }
}
