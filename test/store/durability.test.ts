import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createStore, type Store } from '../../src/store/index.js';
import { postgresUrl } from '../support/shared.js';
import { projectRoot } from '../support/bins.js';

const KILL_AFTER = 400;
const MAX_WRITES = 20000;

/** Runs the writer child until it acknowledged KILL_AFTER writes, SIGKILLs it, returns the FQNs it printed. */
async function writeAndKill(database: string, dataDir: string): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/store/durability-writer.ts'), database, dataDir, '8', String(MAX_WRITES)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const acked: string[] = [];
  // readline yields only complete lines: a half-printed FQN at the kill was never acknowledged.
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (l) => {
    acked.push(l);
    if (acked.length === KILL_AFTER) child.kill('SIGKILL');
  });
  const { signal } = await exited;
  assert.equal(signal, 'SIGKILL', `the writer ended before it was killed (stderr: ${stderr.slice(0, 2000)})`);
  return acked;
}

async function seedOrg(store: Store): Promise<void> {
  await store.write('test', (tx) =>
    tx.put({ fqn: 'organizations/dur', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'dur', metadata: {}, spec: {} }, null),
  );
}

async function assertRecovered(store: Store, acked: readonly string[]): Promise<void> {
  assert.ok(acked.length >= KILL_AFTER, `only ${acked.length} writes acknowledged`);
  const tenants = new Set((await store.reader.listChildren('organizations/dur', 'tenants')).map((r) => r.fqn));
  const missing = acked.filter((f) => !tenants.has(f));
  assert.deepEqual(missing, [], `${missing.length} acknowledged writes are missing after the crash`);
  for (const t of tenants) assert.ok(await store.reader.get(`${t}/workspaces/w`), `${t} survived without the workspace written in the same transaction`);
  assert.deepEqual(await store.integrityCheck(), []);
  // Every surviving write has its revision: one per tenant plus the seed.
  assert.equal(await store.currentRevision(), tenants.size + 1);
  const next = await store.write('after', (tx) =>
    tx.put({ fqn: 'organizations/after', parent: '', apiVersion: 'v', kind: 'Organization', name: 'after', metadata: {}, spec: {} }, null),
  );
  assert.equal(next.revision, tenants.size + 2, 'the store keeps working after recovery');
}

describe('durability: SIGKILL of a process writing concurrently loses no acknowledged write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-durability-'));
  const schemas: string[] = [];
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (schemas.length === 0) return;
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  });

  test('SQLite (WAL, synchronous=FULL): every acknowledged write survives and the integrity check is clean', async () => {
    const dataDir = join(dir, 'sqlite');
    const seed = await createStore({ dataDir });
    await seedOrg(seed);
    await seed.close();
    const acked = await writeAndKill('-', dataDir);
    const store = await createStore({ dataDir });
    try {
      await assertRecovered(store, acked);
    } finally {
      await store.close();
    }
  });

  test('PostgreSQL: every acknowledged write survives and the integrity check is clean', async () => {
    const schema = `mbdur_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const u = new URL(postgresUrl());
    u.searchParams.set('schema', schema);
    const url = u.toString();
    const seed = await createStore({ dataDir: dir, database: url });
    await seedOrg(seed);
    await seed.close();
    const acked = await writeAndKill(url, dir);
    const store = await createStore({ dataDir: dir, database: url });
    try {
      await assertRecovered(store, acked);
    } finally {
      await store.close();
    }
  });
});
