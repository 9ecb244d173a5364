import { isAbsolute, join, resolve } from 'node:path';
import { MeshError, StoreErrors } from '../api/index.js';
import type { HistoryPruning, Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { PostgresStore } from './postgres/postgres-store.js';

/** Where createStore finds its database. */
export interface CreateStoreOptions {
  /** `--database`: unset, `sqlite:`, `sqlite:<path>`, a file path, or `postgres://…`. */
  readonly database?: string;
  /** `--data-dir`: holds meshbridge.db when no other SQLite path is given. */
  readonly dataDir: string;
}

/** The database file name inside the data directory. */
export const SQLITE_FILE = 'meshbridge.db';

/** Which backend and location a `--database` value selects; throws InvalidDatabaseUrl. */
export function resolveDatabase(opts: CreateStoreOptions): { backend: 'sqlite'; path: string } | { backend: 'postgres'; url: string } {
  const db = (opts.database ?? '').trim();
  if (/^postgres(ql)?:\/\//i.test(db)) return { backend: 'postgres', url: db };
  let path = db;
  if (/^sqlite:/i.test(db)) path = db.replace(/^sqlite:(\/\/)?/i, '');
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(db)) {
    const scheme = db.slice(0, db.indexOf(':'));
    throw new MeshError(StoreErrors.InvalidDatabaseUrl, `--database: the scheme "${scheme}" is not supported; use sqlite:<path> or postgres://…`, {
      field: 'database',
    });
  }
  if (path === ':memory:') {
    throw new MeshError(
      StoreErrors.InvalidDatabaseUrl,
      '--database: an in-memory SQLite database cannot be shared by the write and read connections; use a file in a temporary directory',
      { field: 'database' },
    );
  }
  if (path === '') return { backend: 'sqlite', path: join(resolve(opts.dataDir), SQLITE_FILE) };
  return { backend: 'sqlite', path: isAbsolute(path) ? path : resolve(path) };
}

/** Opens the store `--database`/`--data-dir` select and applies pending migrations. */
export async function createStore(opts: CreateStoreOptions): Promise<Store & HistoryPruning> {
  const where = resolveDatabase(opts);
  const store = where.backend === 'postgres' ? await PostgresStore.open({ url: where.url }) : await SqliteStore.open({ path: where.path });
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
