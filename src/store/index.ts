// Public surface of src/store: the Store contract, its factory and its backends.
export type * from './store.js';
export { createStore, resolveDatabase, SQLITE_FILE, type CreateStoreOptions } from './create-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js';
