import type Database from 'better-sqlite3';
import { CoreErrors, MeshError, StoreErrors } from '../../api/index.js';
import type { SqlConn, SqlRow, SqlValue } from '../sql-conn.js';

/** SqlConn over one better-sqlite3 handle, with every statement prepared once and reused. */
export class SqliteConn implements SqlConn {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.sync(() => this.prepare(sql).all(...params) as SqlRow[]);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.sync(() => this.prepare(sql).run(...params).changes);
  }

  /** Runs statements without results or parameters (DDL; may hold several statements). */
  exec(sql: string): void {
    this.sync(() => this.db.exec(sql));
  }

  /** Runs one statement without results or parameters, prepared once (BEGIN, COMMIT, SAVEPOINT). */
  control(sql: string): void {
    this.sync(() => this.prepare(sql).run());
  }

  private prepare(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private sync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw sqliteError(e, this.db.name);
    }
  }
}

/** Maps SQLite's operational failures to catalogue errors; programming errors pass through. */
export function sqliteError(e: unknown, path: string): unknown {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return e;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new MeshError(StoreErrors.DatabaseLocked, `SQLite database ${path} is locked by another connection (${code})`, { cause: e });
  }
  if (
    code.startsWith('SQLITE_FULL') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CORRUPT')
  ) {
    return new MeshError(CoreErrors.StoreUnavailable, `SQLite database ${path}: ${(e as Error).message} (${code})`, { cause: e });
  }
  return e;
}
