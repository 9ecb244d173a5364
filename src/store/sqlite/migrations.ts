import type { Migration } from '../migration.js';

/**
 * SQLite schema, one entry per version; never edit a published entry, append a new one.
 * Mirrors postgres/migrations.ts table by table (types differ: TEXT JSON and ISO-8601 TEXT times).
 * Every index costs a page in each commit's WAL, so only what queries need: resources are
 * WITHOUT ROWID (the FQN key is the table), change and audit ids are plain rowids (ever growing as
 * rows are only appended), and audit time filters walk the id order, which follows time.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'resources, policies, secrets, status, revisions, changes, audit',
    statements: [
      `CREATE TABLE revision_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
      )`,
      'INSERT INTO revision_counter (id, value) VALUES (1, 0)',
      `CREATE TABLE revisions (
        revision INTEGER PRIMARY KEY,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
      `CREATE TABLE resources (
        fqn TEXT PRIMARY KEY,
        parent TEXT REFERENCES resources (fqn),
        collection TEXT NOT NULL,
        depth INTEGER NOT NULL,
        api_version TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        metadata TEXT NOT NULL,
        spec TEXT NOT NULL,
        etag TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID`,
      'CREATE INDEX resources_parent ON resources (parent, collection, fqn)',
      'CREATE INDEX resources_kind ON resources (kind, fqn)',
      `CREATE TABLE policies (
        fqn TEXT PRIMARY KEY REFERENCES resources (fqn),
        allow TEXT NOT NULL,
        etag TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE status (
        fqn TEXT NOT NULL REFERENCES resources (fqn),
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (fqn, source)
      )`,
      `CREATE TABLE secrets (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        revision INTEGER NOT NULL REFERENCES revisions (revision),
        fqn TEXT NOT NULL,
        kind TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete'))
      )`,
      'CREATE INDEX changes_revision ON changes (revision)',
      `CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        revision INTEGER NOT NULL REFERENCES revisions (revision),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'set-policy')),
        kind TEXT NOT NULL,
        fqn TEXT NOT NULL,
        etag_before TEXT,
        etag_after TEXT
      )`,
      'CREATE INDEX audit_actor ON audit (actor, id)',
      'CREATE INDEX audit_fqn ON audit (fqn, id)',
    ],
  },
  {
    version: 2,
    name: 'history retention horizon',
    statements: ['ALTER TABLE revision_counter ADD COLUMN pruned_through INTEGER NOT NULL DEFAULT 0'],
  },
];
