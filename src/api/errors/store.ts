import type { ErrorDef } from './error-def.js';

// MB1800–MB1899: store backends (SQLite, PostgreSQL) and migrations.
export const StoreErrors = {
  InvalidDatabaseUrl: {
    code: 'MB1800',
    name: 'InvalidDatabaseUrl',
    status: 400,
    title: 'Unsupported --database value',
    fix: 'Leave --database unset (SQLite in the data directory), or pass a file path, sqlite:<path>, or postgres://user:password@host:5432/dbname[?schema=name].',
  },
  MigrationFailed: {
    code: 'MB1801',
    name: 'MigrationFailed',
    status: 503,
    title: 'Database migration failed',
    fix: 'Read the database error in the message; check the database user may CREATE tables (PostgreSQL: GRANT CREATE ON DATABASE/SCHEMA), then start the server again. Migrations are transactional, so a failed one left nothing half-applied.',
  },
  SchemaTooNew: {
    code: 'MB1802',
    name: 'SchemaTooNew',
    status: 503,
    title: 'Database schema is newer than this meshbridge',
    fix: 'The database was migrated by a newer meshbridge release: run that release (or newer), or restore a backup taken before the upgrade.',
  },
  StoreClosed: {
    code: 'MB1803',
    name: 'StoreClosed',
    status: 503,
    title: 'Store is closed',
    fix: 'The server is shutting down; retry the request against another replica or after the restart.',
  },
  NestedWrite: {
    code: 'MB1804',
    name: 'NestedWrite',
    status: 500,
    title: 'Nested store write',
    fix: 'This is a bug in meshbridge: a write transaction started another write; do all changes through the outer transaction object instead.',
  },
  TransactionFinished: {
    code: 'MB1805',
    name: 'TransactionFinished',
    status: 500,
    title: 'Transaction used after it finished',
    fix: 'This is a bug in meshbridge: a write transaction object was used after write() resolved; await every operation inside the callback.',
  },
  DataDirUnusable: {
    code: 'MB1806',
    name: 'DataDirUnusable',
    status: 503,
    title: 'Data directory cannot be used',
    fix: 'Create the directory given by --data-dir (or MESHBRIDGE_DATA_DIR) and make it writable by the user running meshbridge, or point --data-dir elsewhere.',
  },
  InvalidStoreInput: {
    code: 'MB1807',
    name: 'InvalidStoreInput',
    status: 400,
    title: 'Inconsistent resource identity',
    fix: 'The FQN must be the parent FQN followed by <collection>/<name>, with name equal to the last segment; correct the resource metadata.',
  },
  DatabaseLocked: {
    code: 'MB1808',
    name: 'DatabaseLocked',
    status: 503,
    title: 'Database is locked by another process',
    fix: 'Another process holds the SQLite database for longer than the busy timeout: stop the other meshbridge server using the same --data-dir, or use PostgreSQL (--database postgres://...) to run several replicas.',
  },
  HistoryPruned: {
    code: 'MB1809',
    name: 'HistoryPruned',
    status: 410,
    title: 'Change history pruned',
    fix: 'The changes after that revision were pruned: list the resources again and watch from the revision the list returned (tctl get --watch does this on its own).',
  },
} as const satisfies Record<string, ErrorDef>;
