/**
 * The tiny structural driver interface both backends implement (Kysely's habit): the shared SQL
 * core in sql-store.ts speaks only this, with `?` placeholders, and each backend adapts it.
 */

/** A value bound to a placeholder. JSON columns get their JSON text. */
export type SqlValue = string | number | null;

/** One result row as the driver returns it (types are normalised by the row mappers). */
export type SqlRow = Record<string, unknown>;

/** A connection (or transaction) the shared core runs statements on. */
export interface SqlConn {
  /** Runs a statement that returns rows. */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement without result rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** SQL that differs between the dialects. */
export interface SqlDialect {
  /** Reads the revision counter and, where the database can, locks it until commit. */
  readonly lockRevision: string;
}
