// Store create throughput (resources/s) on SQLite (WAL, synchronous=FULL) and PostgreSQL, each
// against a bare-driver baseline measured in the same run: one INSERT of an equivalent row in its
// own transaction, same pragmas / same server. Run: node scripts/run-bench.mjs store
import Database from 'better-sqlite3';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, SqliteStore, type Store } from '../src/store/index.js';

// The machine is shared, so load drifts: baseline and store alternate in short rounds and the
// medians are compared, rather than one long run of each at different moments.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const MAX_OPS = 200_000;
const SPEC = { displayName: 'Tenant', description: 'a tenant of the benchmark', securityDomain: 'organizations/bench/securitydomains/default' };
const ROW = { metadata: JSON.stringify({ organization: 'bench' }), spec: JSON.stringify(SPEC) };

type Op = (i: number) => Promise<unknown> | unknown;

/** Runs `op` back to back (`concurrency` callers) for SECONDS, from index `from`; returns ops/s and the next index. */
async function measure(concurrency: number, op: Op, from: number): Promise<{ rate: number; next: number }> {
  let i = from;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const caller = async () => {
    while (performance.now() < end && i - from < MAX_OPS) await op(i++);
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { rate: (i - from) / ((performance.now() - t0) / 1000), next: i };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternates the named measurements for ROUNDS rounds; prints and returns each one's median rate. */
async function rounds(label: string, cases: Record<string, { concurrency: number; op: Op }>): Promise<Record<string, number>> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const next: Record<string, number> = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, c] of Object.entries(cases)) {
      const m = await measure(c.concurrency, c.op, next[name]);
      rates[name].push(m.rate);
      next[name] = m.next;
    }
  }
  const out: Record<string, number> = {};
  for (const [name, xs] of Object.entries(rates)) {
    out[name] = median(xs);
    console.log(`${`${label}: ${name}`.padEnd(60)} median ${out[name].toFixed(0).padStart(6)} /s  (rounds: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
  }
  return out;
}

function tenant(i: number, prefix: string) {
  return {
    fqn: `organizations/bench/tenants/${prefix}${i}`,
    parent: 'organizations/bench',
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    name: `${prefix}${i}`,
    metadata: { organization: 'bench' },
    spec: SPEC,
  };
}

/** The store's create cases: one caller, and 16 concurrent callers (group commit). */
async function storeCases(store: Store): Promise<Record<string, { concurrency: number; op: Op }>> {
  await store.write('bench', (tx) => tx.put({ ...tenant(0, ''), fqn: 'organizations/bench', parent: '', kind: 'Organization', name: 'bench' }, null));
  return {
    'store create, 1 caller': { concurrency: 1, op: (i) => store.write('bench', (tx) => tx.put(tenant(i, 's'), null)) },
    'store create, 16 concurrent callers': { concurrency: 16, op: (i) => store.write('bench', (tx) => tx.put(tenant(i, 'p'), null)) },
  };
}

async function checkIntegrity(store: Store): Promise<void> {
  const problems = await store.integrityCheck();
  if (problems.length) throw new Error(`integrity check after the benchmark: ${problems.join('; ')}`);
}

const BARE_TABLE =
  'CREATE TABLE bare (fqn TEXT PRIMARY KEY, parent TEXT, kind TEXT NOT NULL, metadata TEXT NOT NULL, spec TEXT NOT NULL, etag TEXT NOT NULL, revision INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)';

/** A bare better-sqlite3 INSERT of an equivalent row in its own transaction, same pragmas. */
function bareSqlite(path: string, synchronous: 'FULL' | 'OFF'): { op: Op; close: () => void } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.exec(BARE_TABLE);
  const ins = db.prepare('INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const op: Op = (i) => {
    const now = new Date().toISOString();
    begin.run();
    ins.run(
      `organizations/bench/tenants/b${i}`,
      'organizations/bench',
      'Tenant',
      ROW.metadata,
      ROW.spec,
      `"${randomBytes(8).toString('base64')}"`,
      i,
      now,
      now,
    );
    commit.run();
  };
  return { op, close: () => db.close() };
}

/** A bare pg INSERT of an equivalent row (autocommit: its own transaction) on one connection. */
async function barePostgres(url: string, schema: string): Promise<{ op: Op; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  await client.query(BARE_TABLE.replace('INTEGER', 'bigint').replace(/metadata TEXT|spec TEXT/g, (m) => m.replace('TEXT', 'json')));
  const op: Op = (i) => {
    const now = new Date().toISOString();
    return client.query({
      name: 'bare',
      text: 'INSERT INTO bare VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      values: [
        `organizations/bench/tenants/b${i}`,
        'organizations/bench',
        'Tenant',
        ROW.metadata,
        ROW.spec,
        `"${randomBytes(8).toString('base64')}"`,
        i,
        now,
        now,
      ],
    });
  };
  return { op, close: () => client.end() };
}

/**
 * The same comparison with synchronous=OFF: without the fsync, what remains is the CPU cost of a
 * write (statements, JSON, promises), i.e. what the store adds on top of the driver.
 */
async function cpuCost(dir: string): Promise<void> {
  const bare = bareSqlite(join(dir, 'bare-nosync.db'), 'OFF');
  const store = await SqliteStore.open({ path: join(dir, 'store-nosync', 'meshbridge.db'), synchronous: 'OFF' });
  await store.migrate();
  try {
    const { 'store create, 1 caller': one } = await storeCases(store);
    const r = await rounds('sqlite synchronous=OFF', { 'bare INSERT, own transaction': { concurrency: 1, op: bare.op }, 'store create, 1 caller': one });
    const us = (rate: number) => (1e6 / rate).toFixed(0);
    console.log(
      `sqlite synchronous=OFF per write: bare ${us(r['bare INSERT, own transaction'])} µs, store ${us(r['store create, 1 caller'])} µs (ratio store/bare ${(r['store create, 1 caller'] / r['bare INSERT, own transaction']).toFixed(2)})`,
    );
  } finally {
    bare.close();
    await store.close();
  }
}

function ratios(label: string, r: Record<string, number>, bareKey: string): void {
  const bare = r[bareKey];
  const parts = Object.entries(r)
    .filter(([k]) => k !== bareKey)
    .map(([k, v]) => `${k.replace('store create, ', '')} ${(v / bare).toFixed(2)}`);
  console.log(`${label} ratio store/bare: ${parts.join(', ')}`);
}

async function sqliteHalf(dir: string): Promise<void> {
  const bare = bareSqlite(join(dir, 'bare.db'), 'FULL');
  const store = await createStore({ dataDir: join(dir, 'store') });
  try {
    const r = await rounds('sqlite', { 'bare better-sqlite3 INSERT, own transaction': { concurrency: 1, op: bare.op }, ...(await storeCases(store)) });
    ratios('sqlite', r, 'bare better-sqlite3 INSERT, own transaction');
    const one = r['store create, 1 caller'];
    const many = r['store create, 16 concurrent callers'];
    console.log(`sqlite target >= 1500 writes/s: 1 caller ${one >= 1500 ? 'met' : 'missed'}, 16 callers ${many >= 1500 ? 'met' : 'missed'}`);
    await checkIntegrity(store);
  } finally {
    bare.close();
    await store.close();
  }
}

async function postgresHalf(dir: string, pgBase: string): Promise<void> {
  const schemas = [`mbbench_${randomBytes(4).toString('hex')}`, `mbbench_${randomBytes(4).toString('hex')}`];
  try {
    const pgBare = await barePostgres(pgBase, schemas[0]);
    const u = new URL(pgBase);
    u.searchParams.set('schema', schemas[1]);
    const pgStore = await createStore({ dataDir: dir, database: u.toString() });
    try {
      const r = await rounds('postgres', { 'bare pg INSERT, autocommit': { concurrency: 1, op: pgBare.op }, ...(await storeCases(pgStore)) });
      ratios('postgres', r, 'bare pg INSERT, autocommit');
      await checkIntegrity(pgStore);
    } finally {
      await pgBare.close();
      await pgStore.close();
    }
  } finally {
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  console.log(`store benchmark: ${ROUNDS} rounds of ${SECONDS} s per case, node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-store-'));
  try {
    await sqliteHalf(dir);
    await cpuCost(dir);
    // The embedded default needs nothing; PostgreSQL runs only where one is configured.
    const pgBase = process.env.MESHBRIDGE_TEST_POSTGRES;
    if (pgBase) await postgresHalf(dir, pgBase);
    else console.log('postgres: skipped (MESHBRIDGE_TEST_POSTGRES is not set; set it to a postgres:// URL to run the PostgreSQL half)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
