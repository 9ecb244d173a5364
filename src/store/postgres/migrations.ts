import type { Migration } from '../migration.js';

/**
 * PostgreSQL schema, one entry per version; never edit a published entry, append a new one.
 * Mirrors sqlite/migrations.ts table by table. FQN columns use the "C" collation so ordering and
 * the prefix range scans compare bytes, exactly as SQLite does, whatever the database locale.
 * JSON is `json` (not `jsonb`) so documents come back with their keys in the order they were given.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'resources, policies, secrets, status, revisions, changes, audit',
    statements: [
      `CREATE TABLE revision_counter (
        id integer PRIMARY KEY CHECK (id = 1),
        value bigint NOT NULL
      )`,
      'INSERT INTO revision_counter (id, value) VALUES (1, 0)',
      `CREATE TABLE revisions (
        revision bigint PRIMARY KEY,
        actor text NOT NULL,
        at timestamptz NOT NULL
      )`,
      `CREATE TABLE resources (
        fqn text COLLATE "C" PRIMARY KEY,
        parent text COLLATE "C" REFERENCES resources (fqn),
        collection text NOT NULL,
        depth integer NOT NULL,
        api_version text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        metadata json NOT NULL,
        spec json NOT NULL,
        etag text NOT NULL,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX resources_parent ON resources (parent, collection, fqn)',
      'CREATE INDEX resources_kind ON resources (kind, fqn)',
      `CREATE TABLE policies (
        fqn text COLLATE "C" PRIMARY KEY REFERENCES resources (fqn),
        allow json NOT NULL,
        etag text NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE status (
        fqn text COLLATE "C" NOT NULL REFERENCES resources (fqn),
        source text NOT NULL,
        status json NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (fqn, source)
      )`,
      `CREATE TABLE secrets (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE changes (
        id bigserial PRIMARY KEY,
        revision bigint NOT NULL REFERENCES revisions (revision),
        fqn text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        op text NOT NULL CHECK (op IN ('create', 'update', 'delete'))
      )`,
      'CREATE INDEX changes_revision ON changes (revision)',
      `CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        revision bigint NOT NULL REFERENCES revisions (revision),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        op text NOT NULL CHECK (op IN ('create', 'update', 'delete', 'set-policy')),
        kind text NOT NULL,
        fqn text COLLATE "C" NOT NULL,
        etag_before text,
        etag_after text
      )`,
      'CREATE INDEX audit_actor ON audit (actor, id)',
      'CREATE INDEX audit_fqn ON audit (fqn, id)',
    ],
  },
  {
    version: 2,
    name: 'history retention horizon',
    statements: ['ALTER TABLE revision_counter ADD COLUMN pruned_through bigint NOT NULL DEFAULT 0'],
  },
];
