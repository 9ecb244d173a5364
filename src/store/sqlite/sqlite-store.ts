import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CoreErrors, MeshError, StoreErrors } from '../../api/index.js';
import type { SqlConn } from '../sql-conn.js';
import { SqlStore } from '../sql-store.js';
import { Mutex } from '../mutex.js';
import { GroupCommit } from '../group-commit.js';
import { pendingMigrations } from '../migration.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteConn, sqliteError } from './sqlite-conn.js';

/** Options of the SQLite backend. */
export interface SqliteStoreOptions {
  /** Database file; its directory is created when missing. */
  readonly path: string;
  /** How long a write waits for another process's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * FULL (the default) fsyncs every commit: the only setting under which every acknowledged write
   * survives power loss. NORMAL and OFF exist to measure what the fsync costs (bench/store.bench.ts).
   */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/**
 * The embedded backend: one write connection (BEGIN IMMEDIATE, serialised by an in-process mutex
 * because write callbacks are async, with group commit so concurrent writers share one fsync) and
 * one read connection that, thanks to WAL, sees the last committed state while a write is open.
 * synchronous=FULL makes every acknowledged commit durable.
 */
export class SqliteStore extends SqlStore {
  readonly backend = 'sqlite' as const;
  private readonly mutex = new Mutex();
  private readonly group: GroupCommit;

  private constructor(
    private readonly writer: SqliteConn,
    private readonly readerConn: SqliteConn,
    readonly path: string,
  ) {
    super(readerConn, { lockRevision: 'SELECT value FROM revision_counter WHERE id = 1' });
    this.group = new GroupCommit(this.mutex, async () => {
      // IMMEDIATE takes the write lock now, so no other process can slip in between read and write.
      writer.control('BEGIN IMMEDIATE');
      return {
        conn: writer,
        exec: async (sql) => writer.control(sql),
        commit: async () => writer.control('COMMIT'),
        rollback: async () => {
          if (writer.db.inTransaction) writer.control('ROLLBACK');
        },
      };
    });
  }

  /** Opens (creating when missing) the database file; call migrate() before use. */
  static async open(opts: SqliteStoreOptions): Promise<SqliteStore> {
    const busy = opts.busyTimeoutMs ?? 5000;
    const sync = opts.synchronous ?? 'FULL';
    if (!['FULL', 'NORMAL', 'OFF'].includes(sync))
      throw new MeshError(CoreErrors.InvalidInput, `synchronous: ${JSON.stringify(sync)} is not FULL, NORMAL or OFF`, { field: 'synchronous' });
    try {
      mkdirSync(dirname(opts.path), { recursive: true });
    } catch (e) {
      throw new MeshError(StoreErrors.DataDirUnusable, `cannot create ${dirname(opts.path)} for the SQLite database: ${(e as Error).message}`, { cause: e });
    }
    let writer: Database.Database | undefined;
    try {
      writer = new Database(opts.path, { timeout: busy });
      writer.pragma('journal_mode = WAL');
      writer.pragma(`synchronous = ${sync}`);
      writer.pragma('foreign_keys = ON');
      writer.pragma(`busy_timeout = ${busy}`);
      const reader = new Database(opts.path, { timeout: busy });
      reader.pragma(`busy_timeout = ${busy}`);
      // The read connection must never write: a write there would bypass the revision machinery.
      reader.pragma('query_only = ON');
      return new SqliteStore(new SqliteConn(writer), new SqliteConn(reader), opts.path);
    } catch (e) {
      writer?.close();
      const code = String((e as { code?: unknown }).code ?? '');
      // Locked by another process is worth its own answer; anything else at open is the location.
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw sqliteError(e, opts.path);
      const fix =
        code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')
          ? `${opts.path} is not a SQLite database or is damaged: point --database/--data-dir at the right file, or restore it from a backup.`
          : undefined;
      throw new MeshError(StoreErrors.DataDirUnusable, `cannot open SQLite database ${opts.path}: ${(e as Error).message}`, { cause: e, fix });
    }
  }

  async migrate(): Promise<void> {
    this.checkOpen();
    await this.mutex.run(async () => {
      const w = this.writer;
      w.exec('BEGIN IMMEDIATE');
      try {
        w.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const applied = (await w.all('SELECT version FROM schema_migrations')).map((r) => Number(r.version));
        for (const m of pendingMigrations(SQLITE_MIGRATIONS, applied)) {
          for (const s of m.statements) w.exec(s);
          await w.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
        }
        w.exec('COMMIT');
      } catch (e) {
        if (w.db.inTransaction) w.exec('ROLLBACK');
        if (e instanceof MeshError) throw e;
        throw new MeshError(StoreErrors.MigrationFailed, `migrating SQLite database ${this.path} failed: ${(e as Error).message}`, { cause: e });
      }
    });
  }

  protected transaction<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T> {
    return this.group.run(fn);
  }

  protected async backendIntegrity(): Promise<string[]> {
    const problems: string[] = [];
    for (const r of await this.readerConn.all('PRAGMA integrity_check')) {
      const msg = String(Object.values(r)[0]);
      if (msg !== 'ok') problems.push(`sqlite integrity_check: ${msg}`);
    }
    for (const r of await this.readerConn.all('PRAGMA foreign_key_check')) {
      problems.push(`sqlite foreign_key_check: row ${r.rowid} of ${r.table} references a missing row of ${r.parent}`);
    }
    return problems;
  }

  /** Reads a PRAGMA's value on the write connection (diagnostics, tests). */
  pragma(name: string): unknown {
    this.checkOpen();
    return this.writer.db.pragma(name, { simple: true });
  }

  async close(): Promise<void> {
    if (!this.markClosed()) return;
    // Let queued writes finish: their callers were promised durability or an error.
    await this.mutex.drain();
    this.readerConn.db.close();
    try {
      // SQLite's advice for long-lived connections: refresh planner statistics before closing.
      this.writer.db.pragma('optimize');
    } catch {
      // Best effort only; statistics are an optimisation.
    }
    // Closing the last connection checkpoints the WAL, leaving one self-contained file.
    this.writer.db.close();
  }
}
