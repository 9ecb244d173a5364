import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredResource, Store } from '../../store/index.js';
import { ReadCache } from './read-cache.js';

function fakeStore(): { store: Store; rows: Map<string, StoredResource>; reads: () => number; notify: () => void; gate: { hold?: Promise<void> } } {
  const rows = new Map<string, StoredResource>();
  const listeners = new Set<(r: number) => void>();
  const gate: { hold?: Promise<void> } = {};
  let reads = 0;
  const reader = {
    async get(fqn: string) {
      reads++;
      const v = rows.get(fqn);
      if (gate.hold) await gate.hold;
      return v;
    },
    async listChildren() {
      reads++;
      return [...rows.values()];
    },
  };
  const store = { reader, subscribe: (l: (r: number) => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as Store;
  return { store, rows, reads: () => reads, notify: () => listeners.forEach((l) => l(1)), gate };
}

function res(fqn: string, etag: string): StoredResource {
  return {
    fqn,
    parent: 'organizations/o',
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    name: fqn.split('/').pop() as string,
    metadata: {},
    spec: {},
    etag,
    revision: 1,
    createdAt: '',
    updatedAt: '',
  };
}

test('reads are served from the cache until the store reports a write', async () => {
  const f = fakeStore();
  const c = new ReadCache(f.store);
  f.rows.set('organizations/o/tenants/t', res('organizations/o/tenants/t', 'e1'));
  await c.get('organizations/o/tenants/t');
  await c.get('organizations/o/tenants/t');
  await c.listChildren('organizations/o', 'tenants');
  await c.listChildren('organizations/o', 'tenants');
  assert.equal(f.reads(), 2);
  f.rows.set('organizations/o/tenants/t', res('organizations/o/tenants/t', 'e2'));
  f.notify();
  assert.equal((await c.get('organizations/o/tenants/t'))?.etag, 'e2');
});

test('a read that began before a write does not leave its stale answer in the cache', async () => {
  const f = fakeStore();
  const c = new ReadCache(f.store);
  f.rows.set('organizations/o/tenants/t', res('organizations/o/tenants/t', 'old'));
  let release = (): void => {};
  f.gate.hold = new Promise<void>((r) => (release = r));
  const slow = c.get('organizations/o/tenants/t');
  f.rows.set('organizations/o/tenants/t', res('organizations/o/tenants/t', 'new'));
  f.notify();
  f.gate.hold = undefined;
  release();
  assert.equal((await slow)?.etag, 'old');
  assert.equal((await c.get('organizations/o/tenants/t'))?.etag, 'new');
});

test('a REST message is rendered once per stored version', () => {
  const c = new ReadCache(fakeStore().store);
  const r = res('organizations/o/tenants/t', 'e1');
  assert.equal(c.message(r), c.message(r));
  assert.deepEqual(c.message(r).fqn, 'organizations/o/tenants/t');
});
