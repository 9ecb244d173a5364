// The one conformance suite both backends run (Hono's runTest habit): each backend's test file
// calls runStoreConformance with a factory that returns a fresh, migrated, empty store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, StoreErrors } from '../api/index.js';
import type { HistoryPruning, Store } from './store.js';
import { ETAG_PATTERN, rejectsWith, res, seed } from './conformance-fixtures.test-support.js';
import { historyCases } from './conformance-history.test-support.js';

/** A test body that receives a fresh store (closed afterwards). */
export type StoreCase = (store: Store & HistoryPruning) => Promise<void>;

/** Registers every conformance test for one backend under `name`. */
export function runStoreConformance(name: string, newStore: () => Promise<Store & HistoryPruning>): void {
  const run = (fn: StoreCase) => async () => {
    const store = await newStore();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
  describe(`Store conformance: ${name}`, () => {
    for (const [title, fn] of Object.entries(resourceCases)) test(title, run(fn));
    for (const [title, fn] of Object.entries(historyCases)) test(title, run(fn));
  });
}

const O = 'organizations/o';
const T = `${O}/tenants/t`;
const W = `${T}/workspaces/w`;

const resourceCases: Record<string, StoreCase> = {
  async 'put(input, null) creates a resource with a TSB-style etag, the write revision and timestamps'(store) {
    const { result, revision } = await store.write('alice', (tx) => tx.put(res(O, { displayName: 'O' }), null));
    assert.equal(revision, 1);
    assert.match(result.etag, ETAG_PATTERN);
    assert.equal(result.revision, 1);
    assert.equal(result.createdAt, result.updatedAt);
    assert.ok(!Number.isNaN(Date.parse(result.createdAt)));
    assert.deepEqual(await store.reader.get(O), result);
    assert.equal(await store.currentRevision(), 1);
  },

  async 'specs and metadata round-trip exactly, key order and unicode included'(store) {
    const spec = { z: 1, a: { nested: [1, 'two', { three: null }], flag: true }, text: 'héllo ✓ "quoted" \\ back', num: 1.5 };
    const metadata = { labels: { team: 'payments' }, annotations: {} };
    await store.write('a', (tx) => tx.put(res(O, spec, metadata), null));
    const got = await store.reader.get(O);
    assert.deepEqual(got?.spec, spec);
    assert.deepEqual(got?.metadata, metadata);
    assert.deepEqual(Object.keys(got?.spec ?? {}), ['z', 'a', 'text', 'num']);
  },

  async 'awkward content round-trips: NUL escapes, emoji, a 200 KB string, deep nesting, SQL-looking text'(store) {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 60; i++) deep = { d: deep };
    const spec = { nul: 'a\u0000b', emoji: '🚀 ünïcödé', big: 'x'.repeat(200_000), deep, sql: "'); DROP TABLE resources; --", q: 'what? ?' };
    await store.write('a', (tx) => tx.put(res(O, spec), null));
    assert.deepEqual((await store.reader.get(O))?.spec, spec);
    await store.write('a', (tx) => tx.putSecret("k'?", 'v🚀'));
    assert.equal(await store.reader.getSecret("k'?"), 'v🚀');
    assert.deepEqual(await store.integrityCheck(), []);
  },

  async 'what put returns equals what get returns, even for undefined members and later mutation of the input'(store) {
    const spec: Record<string, unknown> = { keep: 1, drop: undefined, nested: { list: [1, 2] } };
    const { result } = await store.write('a', (tx) => tx.put(res(O, spec), null));
    (spec.nested as { list: number[] }).list.push(3);
    assert.deepEqual(result, await store.reader.get(O));
    assert.deepEqual(result.spec, { keep: 1, nested: { list: [1, 2] } });
  },

  async 'creating an existing resource fails with AlreadyExists and changes nothing'(store) {
    await seed(store, [O]);
    const before = await store.reader.get(O);
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(O), null)),
      CoreErrors.AlreadyExists,
      O,
    );
    assert.deepEqual(await store.reader.get(O), before);
    assert.equal(await store.currentRevision(), 1);
  },

  async 'creating below a missing parent fails with ParentNotFound naming the parent FQN'(store) {
    await seed(store, [O]);
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(W), null)),
      CoreErrors.ParentNotFound,
      T,
      W,
    );
    assert.equal(await store.reader.get(W), undefined);
  },

  async 'put(input, etag) replaces with a new etag and revision, keeping createdAt'(store) {
    await seed(store, [O]);
    const old = await store.reader.get(O);
    assert.ok(old);
    const { result, revision } = await store.write('bob', (tx) => tx.put(res(O, { v: 2 }), old.etag));
    assert.equal(revision, 2);
    assert.notEqual(result.etag, old.etag);
    assert.match(result.etag, ETAG_PATTERN);
    assert.equal(result.createdAt, old.createdAt);
    assert.ok(result.updatedAt >= old.updatedAt);
    assert.deepEqual(await store.reader.get(O), { ...result, spec: { v: 2 } });
  },

  async 'replacing with the same content still changes the etag'(store) {
    await seed(store, [O]);
    const a = await store.reader.get(O);
    assert.ok(a);
    const { result } = await store.write('a', (tx) => tx.put(res(O), a.etag));
    assert.notEqual(result.etag, a.etag);
  },

  async 'replacing with a stale etag fails with EtagMismatch naming both etags'(store) {
    await seed(store, [O]);
    const a = await store.reader.get(O);
    assert.ok(a);
    await store.write('a', (tx) => tx.put(res(O, { v: 2 }), a.etag));
    const current = (await store.reader.get(O))?.etag ?? '';
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(O, { v: 3 }), a.etag)),
      CoreErrors.EtagMismatch,
      a.etag,
      current,
    );
    assert.deepEqual((await store.reader.get(O))?.spec, { v: 2 });
  },

  async 'replacing a missing resource fails with NotFound'(store) {
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(O), '"AAAAAAAAAAA="')),
      CoreErrors.NotFound,
      O,
    );
  },

  async 'an FQN that does not match parent and name is refused with InvalidStoreInput'(store) {
    await seed(store, [O]);
    await rejectsWith(
      store.write('a', (tx) => tx.put({ ...res(T), parent: 'organizations/x' }, null)),
      StoreErrors.InvalidStoreInput,
      'parent',
    );
    await rejectsWith(
      store.write('a', (tx) => tx.put({ ...res(T), name: 'other' }, null)),
      StoreErrors.InvalidStoreInput,
      'name',
    );
    await rejectsWith(
      store.write('a', (tx) => tx.put({ ...res(T), fqn: 'organizations//tenants/t' }, null)),
      StoreErrors.InvalidStoreInput,
      'fqn',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(T, cyclic), null)),
      StoreErrors.InvalidStoreInput,
      'spec',
    );
    await rejectsWith(
      store.write('a', (tx) => tx.put(res(T, {}, { big: 1n }), null)),
      StoreErrors.InvalidStoreInput,
      'metadata',
    );
    assert.equal(await store.reader.get(T), undefined);
  },

  async 'listChildren returns direct children sorted by FQN, optionally of one collection'(store) {
    await seed(store, [O, 'organizations/a', `${O}/tenants/z`, T, `${O}/clusters/c1`, W]);
    assert.deepEqual(
      (await store.reader.listChildren('')).map((r) => r.fqn),
      ['organizations/a', O],
    );
    assert.deepEqual(
      (await store.reader.listChildren(O)).map((r) => r.fqn),
      [`${O}/clusters/c1`, T, `${O}/tenants/z`],
    );
    assert.deepEqual(
      (await store.reader.listChildren(O, 'tenants')).map((r) => r.fqn),
      [T, `${O}/tenants/z`],
    );
    assert.deepEqual(await store.reader.listChildren(O, 'users'), []);
    assert.deepEqual(await store.reader.listChildren('organizations/none'), []);
  },

  async 'listUnder returns the subtree only, not siblings sharing a string prefix'(store) {
    await seed(store, [O, 'organizations/o2', T, W, `${O}/tenants/t-2`, 'organizations/o2/tenants/t']);
    assert.deepEqual(
      (await store.reader.listUnder(T)).map((r) => r.fqn),
      [T, W],
    );
    assert.deepEqual(
      (await store.reader.listUnder(O)).map((r) => r.fqn),
      [O, T, `${O}/tenants/t-2`, W].sort(),
    );
    assert.equal((await store.reader.listUnder('')).length, 6);
    assert.deepEqual(await store.reader.listUnder('organizations/none'), []);
  },

  async 'listByKind returns every resource of the kind sorted by FQN'(store) {
    await seed(store, [O, 'organizations/b', 'organizations/b/tenants/x', T]);
    assert.deepEqual(
      (await store.reader.listByKind('Tenant')).map((r) => r.fqn),
      ['organizations/b/tenants/x', T],
    );
    assert.deepEqual(await store.reader.listByKind('Nothing'), []);
  },

  async 'remove cascades deepest first with one delete change and audit row per resource, and drops policies and status'(store) {
    await seed(store, [O, T, W, `${T}/workspaces/v`, 'organizations/o2']);
    await store.write('a', (tx) => tx.setPolicy(W, [{ role: 'rbac/admin', subjects: [{ user: 'organizations/o/users/u' }] }]));
    await store.putStatus({ fqn: W, source: 'c1', status: { status: 'READY' } });
    const { result, revision } = await store.write('remover', (tx) => tx.remove(T));
    assert.deepEqual(result, [`${T}/workspaces/v`, W, T]);
    assert.equal(revision, 3);
    assert.deepEqual(
      (await store.reader.listUnder('')).map((r) => r.fqn),
      [O, 'organizations/o2'],
    );
    assert.equal(await store.reader.getPolicy(W), undefined);
    assert.deepEqual(await store.getStatus(W), []);
    assert.deepEqual(
      await store.changesSince(2),
      result.map((fqn) => ({ revision: 3, fqn, kind: fqn === T ? 'Tenant' : 'Workspace', op: 'delete' })),
    );
    const audit = await store.audit({ actor: 'remover' });
    assert.deepEqual(audit.map((e) => [e.op, e.fqn, e.etagAfter]).sort(), result.map((f) => ['delete', f, null]).sort());
    assert.ok(audit.every((e) => e.etagBefore !== null && e.revision === 3));
    assert.deepEqual(await store.integrityCheck(), []);
  },

  async 'removing a missing resource fails with NotFound and bumps nothing'(store) {
    await seed(store, [O]);
    await rejectsWith(
      store.write('a', (tx) => tx.remove(T)),
      CoreErrors.NotFound,
      T,
    );
    assert.equal(await store.currentRevision(), 1);
  },

  async 'a resource removed and re-created in one write is one update change'(store) {
    await seed(store, [O]);
    const before = await store.reader.get(O);
    const { revision } = await store.write('a', async (tx) => {
      await tx.remove(O);
      await tx.put(res(O, { again: true }), null);
    });
    assert.deepEqual(await store.changesSince(1), [{ revision, fqn: O, kind: 'Organization', op: 'update' }]);
    const [entry] = await store.audit({ since: new Date(0).toISOString(), limit: 1 });
    assert.equal(entry.etagBefore, before?.etag);
    assert.equal(entry.etagAfter, (await store.reader.get(O))?.etag);
  },

  async 'setPolicy stores an allow list with an etag, audits set-policy and checks the expected etag'(store) {
    await seed(store, [O]);
    const allow = [{ role: 'rbac/reader', subjects: [{ team: 'organizations/o/teams/t' }] }];
    const { result, revision } = await store.write('admin', (tx) => tx.setPolicy(O, allow));
    assert.match(result.etag, ETAG_PATTERN);
    assert.equal(revision, 2);
    assert.deepEqual(await store.reader.getPolicy(O), { fqn: O, allow, etag: result.etag });
    assert.deepEqual(await store.changesSince(1), [], 'a policy is not config: no change row');
    const [a] = await store.audit({ limit: 1 });
    assert.deepEqual([a.op, a.fqn, a.kind, a.actor, a.etagBefore, a.etagAfter, a.revision], ['set-policy', O, 'Organization', 'admin', null, result.etag, 2]);
    await rejectsWith(
      store.write('admin', (tx) => tx.setPolicy(O, [], '"stale000000="')),
      CoreErrors.EtagMismatch,
      '"stale000000="',
      result.etag,
    );
    const next = await store.write('admin', (tx) => tx.setPolicy(O, [], result.etag));
    assert.deepEqual((await store.reader.getPolicy(O))?.allow, []);
    assert.notEqual(next.result.etag, result.etag);
    await rejectsWith(
      store.write('admin', (tx) => tx.setPolicy(T, allow)),
      CoreErrors.NotFound,
      T,
    );
  },

  async 'secrets are stored, replaced and deleted without bumping the revision'(store) {
    await store.write('a', (tx) => tx.putSecret('user/admin/password', 'scrypt$1'));
    assert.equal(await store.reader.getSecret('user/admin/password'), 'scrypt$1');
    await store.write('a', (tx) => tx.putSecret('user/admin/password', 'scrypt$2'));
    assert.equal(await store.reader.getSecret('user/admin/password'), 'scrypt$2');
    await store.write('a', (tx) => tx.deleteSecret('user/admin/password'));
    assert.equal(await store.reader.getSecret('user/admin/password'), undefined);
    assert.equal(await store.currentRevision(), 0);
    assert.deepEqual(await store.audit({}), []);
  },

  async 'status is kept per source, replaced on put, and refused for a missing resource'(store) {
    await seed(store, [O]);
    await store.putStatus({ fqn: O, source: 'c2', status: { status: 'FAILED' } });
    await store.putStatus({ fqn: O, source: 'c1', status: { status: 'ACCEPTED' } });
    await store.putStatus({ fqn: O, source: 'c1', status: { status: 'READY', message: 'ok' } });
    const got = await store.getStatus(O);
    assert.deepEqual(
      got.map((s) => [s.source, s.status]),
      [
        ['c1', { status: 'READY', message: 'ok' }],
        ['c2', { status: 'FAILED' }],
      ],
    );
    assert.ok(got.every((s) => !Number.isNaN(Date.parse(s.updatedAt))));
    assert.equal(await store.currentRevision(), 1, 'status is not part of the config revision');
    await rejectsWith(store.putStatus({ fqn: T, source: 'c1', status: {} }), CoreErrors.NotFound, T);
  },
};
