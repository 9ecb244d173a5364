import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runStoreConformance } from '../store-conformance.test-support.js';
import { createStore } from '../create-store.js';
import { notificationAtLeast, res } from '../conformance-fixtures.test-support.js';
import { PostgresStore, parsePostgresUrl } from './postgres-store.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { StoreErrors, isMeshError } from '../../api/index.js';

// The URL comes from the environment as CI sets it (test/support's postgresUrl() helper; src/ may
// not import test/). Missing → fail, never skip.
function postgresUrl(): string {
  const url = process.env.MESHBRIDGE_TEST_POSTGRES;
  if (!url) throw new Error('MESHBRIDGE_TEST_POSTGRES is not set: start PostgreSQL as .ci/run does and export the URL');
  return url;
}

const schemas: string[] = [];
/** A URL selecting a fresh schema, dropped after the run. */
function freshUrl(): string {
  const schema = `mbtest_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  const u = new URL(postgresUrl());
  u.searchParams.set('schema', schema);
  return u.toString();
}

after(async () => {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await admin.end();
  }
});

runStoreConformance('postgres', () => createStore({ dataDir: '/nonexistent-unused', database: freshUrl() }));

test('a write through one replica wakes the subscriber of another replica (LISTEN/NOTIFY) with its revision', async () => {
  const url = freshUrl();
  const a = await createStore({ dataDir: '', database: url });
  const b = await createStore({ dataDir: '', database: url });
  try {
    const heard = notificationAtLeast(b, 1);
    const { revision } = await a.write('alice', (tx) => tx.put(res('organizations/o'), null));
    assert.equal(await heard, revision);
    assert.equal((await b.reader.get('organizations/o'))?.revision, revision);
    const second = notificationAtLeast(b, 2);
    const w2 = await a.write('alice', (tx) => tx.put(res('organizations/o/tenants/t'), null));
    assert.equal(await second, w2.revision);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a replica whose LISTEN connection was killed reconnects and reports the writes it missed', async () => {
  const url = freshUrl();
  const a = await createStore({ dataDir: '', database: url });
  const b = (await createStore({ dataDir: '', database: url })) as PostgresStore;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'meshbridge-listen' AND query = $1", [
      `LISTEN "meshbridge_${b.schema}"`,
    ]);
    assert.equal(killed.rowCount, 2, 'both replicas listen on the schema channel');
    const heard = notificationAtLeast(b, 1);
    const { revision } = await a.write('alice', (tx) => tx.put(res('organizations/o'), null));
    assert.equal(await heard, revision);
  } finally {
    await admin.end();
    await a.close();
    await b.close();
  }
});

test('after PostgreSQL dropped every connection of the store, the next write succeeds on fresh ones', async () => {
  const appName = `mbtest_${randomBytes(4).toString('hex')}`;
  const u = new URL(freshUrl());
  u.searchParams.set('application_name', appName);
  const store = await createStore({ dataDir: '', database: u.toString() });
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await store.write('a', (tx) => tx.put(res('organizations/o'), null));
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
    assert.ok((killed.rowCount ?? 0) >= 2, 'the pool connection and the LISTEN connection were terminated');
    // The first write may meet a connection the pool does not yet know is dead.
    const first = await store.write('a', (tx) => tx.put(res('organizations/p'), null)).catch((e: unknown) => e);
    if (first instanceof Error) assert.ok(isMeshError(first) && first.code === 'MB1017', `expected StoreUnavailable, got ${first.message}`);
    const { revision } = await store.write('a', (tx) => tx.put(res('organizations/q'), null));
    assert.equal(revision, first instanceof Error ? 2 : 3);
    assert.deepEqual(await store.integrityCheck(), []);
  } finally {
    await admin.end();
    await store.close();
  }
});

test('integrityCheck reports orphans, dangling revisions and out-of-order changes written behind its back', async () => {
  const url = freshUrl();
  const store = (await createStore({ dataDir: '', database: url })) as PostgresStore;
  await store.write('a', (tx) => tx.put(res('organizations/o'), null));
  await store.write('a', (tx) => tx.put(res('organizations/o/tenants/t'), null));
  assert.deepEqual(await store.integrityCheck(), []);
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    // As the tables' owner (no superuser needed): drop the guards a careless manual edit would bypass.
    await admin.query(`SET search_path TO "${store.schema}"`);
    await admin.query('ALTER TABLE resources DROP CONSTRAINT resources_parent_fkey');
    await admin.query('ALTER TABLE audit DROP CONSTRAINT audit_revision_fkey');
    await admin.query(`INSERT INTO resources (fqn, parent, collection, depth, api_version, kind, name, metadata, spec, etag, revision, created_at, updated_at)
      VALUES ('organizations/x/tenants/t', 'organizations/x', 'tenants', 2, 'v', 'Tenant', 't', '{}', '{}', '"e"', 1, now(), now())`);
    await admin.query("INSERT INTO audit (revision, at, actor, op, kind, fqn) VALUES (42, now(), 'a', 'create', 'K', 'organizations/o')");
    await admin.query("INSERT INTO changes (revision, fqn, kind, op) VALUES (1, 'organizations/o', 'Organization', 'update')");
    await admin.query("UPDATE resources SET revision = 99 WHERE fqn = 'organizations/o'");
    const problems = (await store.integrityCheck()).join('\n');
    assert.match(problems, /resource organizations\/x\/tenants\/t: parent organizations\/x does not exist/);
    assert.match(problems, /audit row \d+: revision 42 does not exist/);
    assert.match(problems, /change \d+: revision 1 is lower than the revision 2/);
    assert.match(problems, /resource organizations\/o: revision 99 is above the revision counter/);
  } finally {
    await admin.end();
    await store.close();
  }
});

test('replicas starting together on an empty schema migrate it exactly once', async () => {
  const url = freshUrl();
  const stores = await Promise.all([1, 2, 3].map(() => createStore({ dataDir: '', database: url })));
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    const schema = new URL(url).searchParams.get('schema');
    const rows = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    assert.deepEqual(
      rows.rows.map((r: { version: number }) => r.version),
      POSTGRES_MIGRATIONS.map((m) => m.version),
    );
    for (const s of stores) assert.equal(await s.currentRevision(), 0);
  } finally {
    await admin.end();
    for (const s of stores) await s.close();
  }
});

test('writes from two replicas interleave into one sequence of distinct consecutive revisions', async () => {
  const url = freshUrl();
  const a = await createStore({ dataDir: '', database: url });
  const b = await createStore({ dataDir: '', database: url });
  try {
    await a.write('x', (tx) => tx.put(res('organizations/o'), null));
    const writes = Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).write(`w${i}`, (tx) => tx.put(res(`organizations/o/tenants/t${i}`), null)));
    const revisions = (await Promise.all(writes)).map((w) => w.revision).sort((x, y) => x - y);
    assert.deepEqual(
      revisions,
      Array.from({ length: 30 }, (_, i) => i + 2),
    );
    assert.deepEqual(await a.integrityCheck(), []);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the schema URL parameter is validated and stripped from the connection string', () => {
  assert.deepEqual(parsePostgresUrl('postgres://u:p@h:5432/db?schema=abc_1&sslmode=disable'), {
    connectionString: 'postgres://u:p@h:5432/db?sslmode=disable',
    schema: 'abc_1',
  });
  assert.equal(parsePostgresUrl('postgresql://u@h/db').schema, 'public');
  assert.throws(
    () => parsePostgresUrl('postgres://u@h/db?schema=Bad;drop'),
    (e: unknown) => isMeshError(e, StoreErrors.InvalidDatabaseUrl) && /schema/.test(e.message),
  );
});

test('an unreachable PostgreSQL fails open() with StoreUnavailable', async () => {
  await assert.rejects(PostgresStore.open({ url: 'postgres://nobody:x@127.0.0.1:1/none' }), (e: unknown) => isMeshError(e) && e.code === 'MB1017');
});
