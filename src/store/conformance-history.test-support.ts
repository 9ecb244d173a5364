// Conformance cases about the write transaction itself: revisions, change feed, audit, rollback,
// concurrency, subscribe, integrity, migrations and lifecycle.
import assert from 'node:assert/strict';
import { CoreErrors, StoreErrors, isMeshError } from '../api/index.js';
import type { HistoryPruning, Store, WriteTx } from './store.js';
import { nextNotification, rejectsWith, res, seed } from './conformance-fixtures.test-support.js';

type StoreCase = (store: Store & HistoryPruning) => Promise<void>;

const O = 'organizations/o';
const T = `${O}/tenants/t`;

export const historyCases: Record<string, StoreCase> = {
  async 'a write touching many resources bumps the revision once and records one change and audit row each'(store) {
    const fqns = [O, T, `${T}/workspaces/a`, `${T}/workspaces/b`];
    const rev = await seed(store, fqns, 'carol');
    assert.equal(rev, 1);
    assert.deepEqual(
      await store.changesSince(0),
      fqns.map((fqn) => ({ revision: 1, fqn, kind: res(fqn).kind, op: 'create' })),
    );
    const audit = await store.audit({ actor: 'carol' });
    assert.equal(audit.length, 4);
    for (const e of audit) {
      assert.equal(e.revision, 1);
      assert.equal(e.op, 'create');
      assert.equal(e.etagBefore, null);
      assert.equal(e.etagAfter, (await store.reader.get(e.fqn))?.etag);
    }
    assert.deepEqual(
      audit.map((e) => e.fqn),
      [...fqns].reverse(),
      'newest first',
    );
  },

  async 'a write that changes nothing keeps the revision and writes no history'(store) {
    await seed(store, [O]);
    const { result, revision } = await store.write('a', async (tx) => (await tx.get(O))?.name);
    assert.equal(result, 'o');
    assert.equal(revision, 1);
    assert.equal((await store.audit({})).length, 1);
  },

  async 'a resource created twice in one write (create then update) yields one create row'(store) {
    const { revision } = await store.write('a', async (tx) => {
      const r = await tx.put(res(O), null);
      await tx.put(res(O, { v: 2 }), r.etag);
    });
    assert.deepEqual(await store.changesSince(0), [{ revision, fqn: O, kind: 'Organization', op: 'create' }]);
    assert.equal((await store.audit({})).length, 1);
  },

  async 'a throwing write rolls back every put, remove, policy and secret and bumps nothing'(store) {
    await seed(store, [O, T]);
    const before = await store.reader.listUnder('');
    await assert.rejects(
      store.write('a', async (tx) => {
        await tx.put(res(`${O}/tenants/new`), null);
        await tx.remove(T);
        await tx.setPolicy(O, [{ role: 'rbac/admin', subjects: [{ user: 'x' }] }]);
        await tx.putSecret('k', 'v');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await store.reader.listUnder(''), before);
    assert.equal(await store.reader.getPolicy(O), undefined);
    assert.equal(await store.reader.getSecret('k'), undefined);
    assert.equal(await store.currentRevision(), 1);
    assert.deepEqual(await store.changesSince(1), []);
    assert.equal((await store.audit({})).length, 2);
    const { revision } = await store.write('a', (tx) => tx.put(res(`${O}/tenants/after`), null));
    assert.equal(revision, 2, 'the store stays usable and the next revision follows on');
  },

  async 'a store error in the middle of a write rolls back the earlier puts of that write'(store) {
    await seed(store, [O]);
    await rejectsWith(
      store.write('a', async (tx) => {
        await tx.put(res(T), null);
        await tx.put(res(O), null);
      }),
      CoreErrors.AlreadyExists,
    );
    assert.equal(await store.reader.get(T), undefined);
  },

  async 'reads outside a running write see only committed state'(store) {
    await seed(store, [O]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const w = store.write('a', async (tx) => {
      await tx.put(res(T), null);
      assert.ok(await tx.get(T), 'the transaction sees its own write');
      inside();
      await gate;
    });
    await started;
    assert.equal(await store.reader.get(T), undefined);
    assert.equal(await store.currentRevision(), 1);
    release();
    await w;
    assert.ok(await store.reader.get(T));
  },

  async 'many parallel writes all succeed with distinct consecutive revisions'(store) {
    await seed(store, [O]);
    const n = 40;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        store.write(`user-${i}`, async (tx) => {
          await tx.put(res(`${O}/tenants/t${i}`), null);
          return i;
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.result),
      Array.from({ length: n }, (_, i) => i),
    );
    assert.deepEqual(
      results.map((r) => r.revision).sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i + 2),
    );
    assert.equal(await store.currentRevision(), n + 1);
    assert.equal((await store.reader.listChildren(O, 'tenants')).length, n);
    assert.deepEqual(await store.integrityCheck(), []);
  },

  async 'parallel writes where some fail: the failed ones leave nothing, the others get consecutive revisions'(store) {
    await seed(store, [O, `${O}/tenants/taken`]);
    const n = 30;
    const outcomes = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        store.write(`w${i}`, async (tx) => {
          await tx.put(res(`${O}/tenants/t${i}`), null);
          if (i % 3 === 1) throw new Error(`callback ${i} failed`);
          // A store error after a successful put inside the same write (the database statement fails).
          if (i % 3 === 2) await tx.put(res(`${O}/tenants/taken`), null);
        }),
      ),
    );
    const ok = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ i, revision: o.value.revision }] : []));
    assert.deepEqual(
      ok.map((o) => o.i),
      Array.from({ length: n / 3 }, (_, k) => k * 3),
    );
    assert.deepEqual(
      ok.map((o) => o.revision).sort((a, b) => a - b),
      Array.from({ length: n / 3 }, (_, k) => k + 2),
    );
    const tenants = (await store.reader.listChildren(O, 'tenants')).map((r) => r.fqn).sort();
    assert.deepEqual(tenants, [...ok.map((o) => `${O}/tenants/t${o.i}`), `${O}/tenants/taken`].sort());
    assert.equal((await store.changesSince(1)).length, n / 3);
    assert.deepEqual(await store.integrityCheck(), []);
  },

  async 'changesSince pages oldest first without splitting a revision'(store) {
    await seed(store, [O, T, `${O}/tenants/u`]);
    await seed(store, [`${O}/clusters/c`]);
    assert.deepEqual(
      (await store.changesSince(0, 2)).map((c) => c.fqn),
      [O, T, `${O}/tenants/u`],
      'a revision larger than the limit comes whole',
    );
    assert.deepEqual(
      (await store.changesSince(0, 4)).map((c) => c.revision),
      [1, 1, 1, 2],
    );
    assert.deepEqual(
      (await store.changesSince(1, 10)).map((c) => c.fqn),
      [`${O}/clusters/c`],
    );
    assert.deepEqual(await store.changesSince(2), []);
    const page = await store.changesSince(0, 3);
    assert.deepEqual(
      page.map((c) => c.revision),
      [1, 1, 1],
    );
    await rejectsWith(store.changesSince(0, 0), CoreErrors.InvalidInput, 'limit');
  },

  async 'audit filters by actor, kind, FQN prefix, since and limit, newest first'(store) {
    await seed(store, [O], 'alice');
    await seed(store, [T], 'bob');
    await seed(store, ['organizations/p', `${O}/clusters/c`], 'alice');
    assert.deepEqual(
      (await store.audit({ actor: 'alice' })).map((e) => e.fqn),
      [`${O}/clusters/c`, 'organizations/p', O],
    );
    assert.deepEqual(
      (await store.audit({ kind: 'Tenant' })).map((e) => e.fqn),
      [T],
    );
    assert.deepEqual(
      (await store.audit({ fqnPrefix: `${O}/` })).map((e) => e.fqn),
      [`${O}/clusters/c`, T],
    );
    assert.deepEqual(
      (await store.audit({ actor: 'alice', fqnPrefix: O })).map((e) => e.fqn),
      [`${O}/clusters/c`, O],
    );
    assert.deepEqual(
      (await store.audit({ limit: 2 })).map((e) => e.fqn),
      [`${O}/clusters/c`, 'organizations/p'],
    );
    assert.deepEqual(
      (await store.audit({ fqnPrefix: 'organizations/o/tenants/' })).map((e) => e.fqn),
      [T],
      'the prefix is a plain string prefix',
    );
    assert.deepEqual(await store.audit({ fqnPrefix: 'organizations/ö' }), [], 'non-ASCII prefixes work too');
    const all = await store.audit({});
    assert.ok(all.every((e, i) => i === 0 || all[i - 1].id > e.id));
    const cut = all[1].at;
    assert.ok((await store.audit({ since: cut })).every((e) => e.at >= cut));
    assert.deepEqual(await store.audit({ since: new Date(Date.now() + 60_000).toISOString() }), []);
    assert.equal((await store.audit({ since: '2000-01-01T00:00:00Z' })).length, 4, 'a timestamp without milliseconds works');
    await rejectsWith(store.audit({ since: 'yesterday' }), CoreErrors.InvalidInput, 'since');
  },

  async 'subscribers hear each new revision after it committed, and stop after unsubscribing'(store) {
    const heard = nextNotification(store);
    const { revision } = await store.write('a', (tx) => tx.put(res(O), null));
    assert.equal(await heard, revision);
    const seen: number[] = [];
    const off = store.subscribe((r) => seen.push(r));
    await store.write('a', async () => undefined);
    const next = nextNotification(store);
    await seed(store, [T]);
    assert.equal(await next, 2);
    off();
    const last = nextNotification(store);
    await seed(store, [`${O}/tenants/u`]);
    assert.equal(await last, 3);
    assert.deepEqual(seen, [2], 'no call for the no-op write, none after unsubscribing');
  },

  async 'a write inside a write fails fast with NestedWrite instead of deadlocking'(store) {
    await rejectsWith(
      store.write('a', () => store.write('b', async () => 1)),
      StoreErrors.NestedWrite,
    );
    assert.equal((await store.write('a', async () => 2)).result, 2);
  },

  async 'a transaction object used after write() resolved throws TransactionFinished'(store) {
    let escaped: WriteTx | undefined;
    await store.write('a', async (tx) => {
      escaped = tx;
    });
    assert.ok(escaped);
    await rejectsWith(escaped.put(res(O), null), StoreErrors.TransactionFinished);
    assert.equal(await store.reader.get(O), undefined);
  },

  async 'a write call left running when the callback returns never half-writes: the write fails whole or includes it whole'(store) {
    await seed(store, [O]);
    let pending: Promise<unknown> | undefined;
    const outcome = await store
      .write('a', async (tx) => {
        await tx.put(res(T), null);
        pending = tx.put(res(`${O}/tenants/u`), null);
      })
      .then(
        (w) => w.revision,
        (e: unknown) => e,
      );
    await (pending ?? Promise.resolve()).catch(() => undefined);
    const [t, u] = await Promise.all([store.reader.get(T), store.reader.get(`${O}/tenants/u`)]);
    if (typeof outcome === 'number') {
      // The un-awaited put happened to finish first: then it is fully part of the write.
      assert.ok(t && u);
      assert.deepEqual((await store.changesSince(1)).map((c) => c.fqn).sort(), [T, `${O}/tenants/u`]);
    } else {
      assert.ok(isMeshError(outcome, StoreErrors.TransactionFinished), String(outcome));
      assert.match(outcome.message, /still running/);
      assert.equal(t, undefined);
      assert.equal(u, undefined);
      assert.equal(await store.currentRevision(), 1);
    }
    assert.deepEqual(await store.integrityCheck(), []);
    assert.equal((await store.write('a', (tx) => tx.put(res(`${O}/tenants/after`), null))).result.fqn, `${O}/tenants/after`, 'the store stays usable');
  },

  async 'integrityCheck is empty for a store that went through creates, updates, removes and policies'(store) {
    await seed(store, [O, T, `${T}/workspaces/w`]);
    const t = await store.reader.get(T);
    await store.write('a', async (tx) => {
      await tx.put(res(T, { v: 2 }), t?.etag ?? null);
      await tx.setPolicy(T, []);
    });
    await store.write('a', (tx) => tx.remove(`${T}/workspaces/w`));
    assert.deepEqual(await store.integrityCheck(), []);
  },

  async 'pruning changes sets a horizon: later changes stay, resuming from before it fails with HistoryPruned'(store) {
    for (const f of [O, T, `${O}/tenants/u`, `${O}/tenants/v`]) await seed(store, [f]);
    await store.write('a', (tx) => tx.setPolicy(O, []));
    assert.equal(await store.historyHorizon(), 0);
    const pruned = await store.pruneHistory({ changesThrough: 2 });
    assert.equal(pruned.changes, 2);
    assert.equal(pruned.revisions, 0, 'revisions still referenced by audit rows stay');
    assert.equal(await store.historyHorizon(), 2);
    assert.deepEqual(
      (await store.changesSince(2)).map((c) => c.revision),
      [3, 4],
    );
    await rejectsWith(store.changesSince(1), StoreErrors.HistoryPruned, 'revision 2');
    assert.equal((await store.audit({})).length, 5, 'the audit log is kept');
    assert.equal(await store.currentRevision(), 5, 'pruning is not a config change');
    assert.equal((await store.pruneHistory({ changesThrough: 1 })).changes, 0, 'the horizon never moves back');
    assert.equal((await store.pruneHistory({ changesThrough: 1000 })).changes, 2, 'capped at the current revision');
    assert.equal(await store.historyHorizon(), 5);
    assert.deepEqual(await store.changesSince(5), []);
    assert.deepEqual(await store.integrityCheck(), []);
    await rejectsWith(store.pruneHistory({ changesThrough: -1 }), CoreErrors.InvalidInput, 'changesThrough');
  },

  async 'pruning audit rows by age keeps newer rows and drops revisions nothing references'(store) {
    await seed(store, [O]);
    await seed(store, [T]);
    const cut = new Date(Date.parse((await store.audit({ limit: 1 }))[0].at) + 1).toISOString();
    // The next write must get a later millisecond than the cut: yield until the clock passes it (≤ 2 ms).
    while (Date.now() < Date.parse(cut)) await new Promise<void>((r) => setImmediate(r));
    await seed(store, [`${O}/tenants/u`]);
    const pruned = await store.pruneHistory({ auditBefore: cut });
    assert.equal(pruned.audit, 2);
    assert.deepEqual(
      (await store.audit({})).map((e) => e.fqn),
      [`${O}/tenants/u`],
    );
    assert.equal(pruned.revisions, 0, 'revisions of unpruned changes stay');
    const both = await store.pruneHistory({ changesThrough: 3 });
    assert.deepEqual([both.changes, both.revisions], [3, 2], 'revision 3 is still referenced by its audit row');
    assert.deepEqual(await store.integrityCheck(), []);
    await rejectsWith(store.pruneHistory({ auditBefore: 'last week' }), CoreErrors.InvalidInput, 'auditBefore');
  },

  async 'migrate is idempotent and keeps the data'(store) {
    await seed(store, [O]);
    await store.migrate();
    await store.migrate();
    assert.ok(await store.reader.get(O));
    assert.equal(await store.currentRevision(), 1);
  },

  async 'ping answers while open; after close, ping is false and every call throws StoreClosed'(store) {
    assert.equal(await store.ping(), true);
    await store.close();
    assert.equal(await store.ping(), false);
    await rejectsWith(
      store.write('a', async () => 1),
      StoreErrors.StoreClosed,
    );
    await rejectsWith(store.reader.get(O), StoreErrors.StoreClosed);
    await rejectsWith(store.currentRevision(), StoreErrors.StoreClosed);
    await store.close();
  },
};
