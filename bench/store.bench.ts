// Store create throughput (resources/s) on SQLite (WAL, synchronous=FULL) and PostgreSQL, each
// against a bare-driver baseline measured in the same run: one INSERT of an equivalent row in its
// own transaction, same pragmas / same server. Run: node scripts/run-bench.mjs store
import Database from 'better-sqlite3';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store } from '../src/store/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const MAX_OPS = 200_000;
const SPEC = { displayName: 'Tenant', description: 'a tenant of the benchmark', securityDomain: 'organizations/bench/securitydomains/default' };
const ROW = { metadata: JSON.stringify({ organization: 'bench' }), spec: JSON.stringify(SPEC) };

/** Runs `op` back to back (`concurrency` callers) for SECONDS; returns operations per second. */
async function measure(label: string, concurrency: number, op: (i: number) => Promise<unknown> | unknown): Promise<number> {
  let i = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const caller = async () => {
    while (performance.now() < end && i < MAX_OPS) await op(i++);
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const rate = i / ((performance.now() - t0) / 1000);
  console.log(`${label.padEnd(58)} ${rate.toFixed(0).padStart(7)} /s  (${i} ops)`);
  return rate;
}

function tenant(i: number, prefix: string) {
  return { fqn: `organizations/bench/tenants/${prefix}${i}`, parent: 'organizations/bench', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', name: `${prefix}${i}`, metadata: { organization: 'bench' }, spec: SPEC };
}

async function storeCreates(store: Store, label: string): Promise<{ seq: number; par: number }> {
  await store.write('bench', (tx) => tx.put({ ...tenant(0, ''), fqn: 'organizations/bench', parent: '', kind: 'Organization', name: 'bench' }, null));
  const seq = await measure(`${label}: store create, 1 caller`, 1, (i) => store.write('bench', (tx) => tx.put(tenant(i, 's'), null)));
  const par = await measure(`${label}: store create, 16 concurrent callers`, 16, (i) => store.write('bench', (tx) => tx.put(tenant(i, 'p'), null)));
  const problems = await store.integrityCheck();
  if (problems.length) throw new Error(`integrity check after the benchmark: ${problems.join('; ')}`);
  return { seq, par };
}

const BARE_TABLE = 'CREATE TABLE bare (fqn TEXT PRIMARY KEY, parent TEXT, kind TEXT NOT NULL, metadata TEXT NOT NULL, spec TEXT NOT NULL, etag TEXT NOT NULL, revision INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)';

function bareSqlite(path: string): Promise<number> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(BARE_TABLE);
  const ins = db.prepare('INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  return measure('sqlite: bare better-sqlite3 INSERT, own transaction', 1, (i) => {
    const now = new Date().toISOString();
    begin.run();
    ins.run(`organizations/bench/tenants/b${i}`, 'organizations/bench', 'Tenant', ROW.metadata, ROW.spec, `"${randomBytes(8).toString('base64')}"`, i, now, now);
    commit.run();
  }).finally(() => db.close());
}

async function barePostgres(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(BARE_TABLE.replace('INTEGER', 'bigint').replace(/metadata TEXT|spec TEXT/g, (m) => m.replace('TEXT', 'json')));
    return await measure('postgres: bare pg INSERT, autocommit', 1, (i) => {
      const now = new Date().toISOString();
      return client.query({
        name: 'bare',
        text: 'INSERT INTO bare VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        values: [`organizations/bench/tenants/b${i}`, 'organizations/bench', 'Tenant', ROW.metadata, ROW.spec, `"${randomBytes(8).toString('base64')}"`, i, now, now],
      });
    });
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.log(`store benchmark: ${SECONDS} s per measurement, node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-store-'));
  const pgBase = process.env.MESHBRIDGE_TEST_POSTGRES;
  const schemas: string[] = [];
  try {
    const sqliteBare = await bareSqlite(join(dir, 'bare.db'));
    const sqliteStore = await createStore({ dataDir: join(dir, 'store') });
    const sqlite = await storeCreates(sqliteStore, 'sqlite').finally(() => sqliteStore.close());
    console.log(`sqlite ratio store/bare: 1 caller ${(sqlite.seq / sqliteBare).toFixed(2)}, 16 callers ${(sqlite.par / sqliteBare).toFixed(2)}; target >= 1500/s: ${sqlite.seq >= 1500 ? 'met' : 'MISSED'}`);
    if (!pgBase) throw new Error('MESHBRIDGE_TEST_POSTGRES is not set: the PostgreSQL half of the benchmark needs it');
    const bareSchema = `mbbench_${randomBytes(4).toString('hex')}`;
    const storeSchema = `mbbench_${randomBytes(4).toString('hex')}`;
    schemas.push(bareSchema, storeSchema);
    const pgBare = await barePostgres(pgBase, bareSchema);
    const u = new URL(pgBase);
    u.searchParams.set('schema', storeSchema);
    const pgStore = await createStore({ dataDir: dir, database: u.toString() });
    const postgres = await storeCreates(pgStore, 'postgres').finally(() => pgStore.close());
    console.log(`postgres ratio store/bare: 1 caller ${(postgres.seq / pgBare).toFixed(2)}, 16 callers ${(postgres.par / pgBare).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (pgBase && schemas.length) {
      const admin = new pg.Client({ connectionString: pgBase });
      await admin.connect();
      for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await admin.end();
    }
  }
}

await main();
