import { MeshError, StoreErrors } from '../api/index.js';

/** One versioned schema step; each backend's migrations.ts lists its own, in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * The migrations still to apply given the versions already recorded in schema_migrations.
 * A database that records a version this build does not know was migrated by a newer release:
 * running old code on it could corrupt data, so that refuses to start.
 */
export function pendingMigrations(all: readonly Migration[], applied: readonly number[]): Migration[] {
  const known = new Set(all.map((m) => m.version));
  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    const latest = Math.max(...all.map((m) => m.version));
    throw new MeshError(
      StoreErrors.SchemaTooNew,
      `the database has schema version ${Math.max(...unknown)}, newer than ${latest}, the latest this meshbridge knows`,
      {
        details: { databaseVersion: Math.max(...unknown), supportedVersion: latest },
      },
    );
  }
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}
