// Real stores for auth/rbac tests: a fresh SQLite database in a temporary directory, removed
// when the test ends, and a helper to create resources with a minimal envelope.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { postgresUrl } from './shared.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createStore, type Reader, type StoredResource, type Store } from '../../src/store/index.js';

/** A migrated SQLite store in a temporary data directory, closed and deleted after the test. */
export async function sqliteStore(t: TestContext): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-auth-'));
  const store = await createStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A migrated PostgreSQL store in a fresh schema (MESHBRIDGE_TEST_POSTGRES), dropped after the test. */
export async function postgresStore(t: TestContext): Promise<Store> {
  const schema = `mbauth_${randomBytes(5).toString('hex')}`;
  const url = new URL(postgresUrl());
  url.searchParams.set('schema', schema);
  const dir = mkdtempSync(join(tmpdir(), 'mb-auth-pg-'));
  const store = await createStore({ dataDir: dir, database: url.toString() });
  t.after(async () => {
    await store.close();
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** `store` with a reader that counts getPolicy calls, so cache tests can assert on them. */
export function countingPolicyReads(store: Store): { store: Store; reads: () => number } {
  let n = 0;
  const base = store.reader;
  const reader: Reader = {
    get: (f) => base.get(f),
    listChildren: (p, c) => base.listChildren(p, c),
    listUnder: (p) => base.listUnder(p),
    listByKind: (k) => base.listByKind(k),
    getSecret: (k) => base.getSecret(k),
    getPolicy: (f) => {
      n++;
      return base.getPolicy(f);
    },
  };
  const wrapped = Object.create(store, { reader: { value: reader } }) as Store;
  return { store: wrapped, reads: () => n };
}

const API: Record<string, string> = { Group: 'traffic.tsb.tetrate.io/v2', ServiceRoute: 'traffic.tsb.tetrate.io/v2' };

/** Creates a resource with a minimal envelope. */
export async function putResource(store: Store, fqn: string, kind: string, spec: Record<string, unknown> = {}): Promise<StoredResource> {
  const parts = fqn.split('/');
  const name = parts[parts.length - 1];
  const { result } = await store.write('test', (tx) =>
    tx.put({ fqn, parent: parts.slice(0, -2).join('/'), apiVersion: API[kind] ?? 'api.tsb.tetrate.io/v2', kind, name, metadata: { name }, spec }, null),
  );
  return result;
}
