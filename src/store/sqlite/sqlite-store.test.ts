import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runStoreConformance } from '../store-conformance.test-support.js';
import { createStore } from '../create-store.js';
import { SqliteStore } from './sqlite-store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { StoreErrors, isMeshError } from '../../api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mb-sqlite-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runStoreConformance('sqlite', () => createStore({ dataDir: join(dir, `s${++n}`) }));

test('the SQLite store runs WAL with synchronous=FULL and foreign keys on', async () => {
  const store = (await createStore({ dataDir: join(dir, 'pragmas') })) as SqliteStore;
  try {
    assert.equal(store.pragma('journal_mode'), 'wal');
    assert.equal(store.pragma('synchronous'), 2);
    assert.equal(store.pragma('foreign_keys'), 1);
    assert.equal(store.path, join(dir, 'pragmas', 'meshbridge.db'));
  } finally {
    await store.close();
  }
});

test('a database migrated by a newer release is refused with SchemaTooNew', async () => {
  const path = join(dir, 'newer', 'meshbridge.db');
  const store = await SqliteStore.open({ path });
  await store.migrate();
  await store.close();
  const db = new Database(path);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(SQLITE_MIGRATIONS.length + 1, 'future', 'now');
  db.close();
  await assert.rejects(createStore({ dataDir: '', database: path }), (e: unknown) => isMeshError(e, StoreErrors.SchemaTooNew) && /newer/.test(e.message));
});

test('closing checkpoints the WAL, leaving one self-contained database file', async () => {
  const dataDir = join(dir, 'checkpoint');
  const store = await createStore({ dataDir });
  await store.write('a', (tx) =>
    tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'v', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null),
  );
  await store.close();
  const wal = join(dataDir, 'meshbridge.db-wal');
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL is empty after close');
  const db = new Database(join(dataDir, 'meshbridge.db'), { readonly: true });
  try {
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM resources').get() as { n: number }).n, 1);
  } finally {
    db.close();
  }
});

test('integrityCheck reports orphans, dangling revisions and out-of-order changes written behind its back', async () => {
  const dataDir = join(dir, 'tampered');
  const store = await createStore({ dataDir });
  await store.write('a', (tx) =>
    tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'v', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null),
  );
  assert.deepEqual(await store.integrityCheck(), []);
  // A second connection without foreign keys, as a careless manual edit would be.
  const raw = new Database(join(dataDir, 'meshbridge.db'));
  raw.pragma('foreign_keys = OFF');
  raw.exec(`INSERT INTO resources (fqn, parent, collection, depth, api_version, kind, name, metadata, spec, etag, revision, created_at, updated_at)
    VALUES ('organizations/x/tenants/t', 'organizations/x', 'tenants', 2, 'v', 'Tenant', 't', '{}', '{}', '"e"', 1, 'now', 'now')`);
  raw.exec("INSERT INTO audit (revision, at, actor, op, kind, fqn) VALUES (42, 'now', 'a', 'create', 'K', 'organizations/o')");
  raw.exec("INSERT INTO changes (revision, fqn, kind, op) VALUES (1, 'organizations/o', 'Organization', 'update')");
  raw.close();
  try {
    const problems = (await store.integrityCheck()).join('\n');
    assert.match(problems, /resource organizations\/x\/tenants\/t: parent organizations\/x does not exist/);
    assert.match(problems, /audit row \d+: revision 42 does not exist/);
    assert.match(problems, /foreign_key_check/);
  } finally {
    await store.close();
  }
});

test('a database at schema version 1 is upgraded in place, keeping its data', async () => {
  const path = join(dir, 'v1', 'meshbridge.db');
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const stmt of SQLITE_MIGRATIONS[0].statements) db.exec(stmt);
  db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(SQLITE_MIGRATIONS[0].name, 'then');
  db.exec("INSERT INTO revisions VALUES (1, 'old', 'then'); UPDATE revision_counter SET value = 1");
  db.exec(`INSERT INTO resources (fqn, parent, collection, depth, api_version, kind, name, metadata, spec, etag, revision, created_at, updated_at)
    VALUES ('organizations/o', NULL, 'organizations', 1, 'v', 'Organization', 'o', '{}', '{"kept":true}', '"e"', 1, 'then', 'then')`);
  db.close();
  const store = await createStore({ dataDir: '', database: path });
  try {
    assert.deepEqual((await store.reader.get('organizations/o'))?.spec, { kept: true });
    assert.equal(await store.historyHorizon(), 0);
    assert.equal(
      (
        await store.write('a', (tx) =>
          tx.put({ fqn: 'organizations/p', parent: '', apiVersion: 'v', kind: 'Organization', name: 'p', metadata: {}, spec: {} }, null),
        )
      ).revision,
      2,
    );
    assert.deepEqual(await store.integrityCheck(), []);
  } finally {
    await store.close();
  }
  const check = new Database(path, { readonly: true });
  assert.deepEqual(
    (check.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version),
    SQLITE_MIGRATIONS.map((m) => m.version),
  );
  check.close();
});

test('a data directory that cannot hold the database fails with DataDirUnusable naming the path', async () => {
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  await assert.rejects(createStore({ dataDir: file }), (e: unknown) => isMeshError(e, StoreErrors.DataDirUnusable) && e.message.includes(file));
  await assert.rejects(createStore({ dataDir: join(file, 'below') }), (e: unknown) => isMeshError(e, StoreErrors.DataDirUnusable) && e.message.includes(file));
});

test('a file that is not a SQLite database fails with DataDirUnusable instead of a raw driver error', async () => {
  const path = join(dir, 'garbage.db');
  writeFileSync(path, 'this is not a database, just text that is long enough to look like a header '.repeat(100));
  await assert.rejects(
    createStore({ dataDir: '', database: path }),
    (e: unknown) => isMeshError(e, StoreErrors.DataDirUnusable) && e.message.includes(path) && /not a SQLite database/.test(e.fix),
  );
});

test('data written by one store instance is there after reopening the file', async () => {
  const dataDir = join(dir, 'reopen');
  const a = await createStore({ dataDir });
  await a.write('a', (tx) =>
    tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'v', kind: 'Organization', name: 'o', metadata: {}, spec: { x: 1 } }, null),
  );
  await a.close();
  const b = await createStore({ dataDir });
  try {
    assert.deepEqual((await b.reader.get('organizations/o'))?.spec, { x: 1 });
    assert.equal(await b.currentRevision(), 1);
  } finally {
    await b.close();
  }
});
