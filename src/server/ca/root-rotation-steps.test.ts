import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPluginCaBundle } from '../../pki/index.js';
import { createStore, type Store } from '../../store/index.js';
import { ensureRoot, issueClusterCa, readClusterCa, readRoot, rotateClusterCa, summarize } from './mesh-ca.js';
import { readLastRotation, readRotation, type RotationPhase } from './root-rotation-state.js';
import { applyAction } from './root-rotation-steps.js';
import type { RotationAction } from './root-rotation.js';
import { fingerprints } from './delivery.js';

async function withStore(dir: string, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await createStore({ dataDir: dir });
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await store.close();
  }
}

async function cluster(store: Store, name: string, spec: Record<string, unknown> = {}): Promise<string> {
  const fqn = `organizations/o/clusters/${name}`;
  await store.write('test', async (tx) => {
    if (!(await tx.get('organizations/o')))
      await tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
    await tx.put({ fqn, parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', name, metadata: {}, spec }, null);
    if (!spec.bringYourOwnCa) await issueClusterCa(tx, fqn, {});
  });
  return fqn;
}

const act = (store: Store, action: RotationAction, expect: RotationPhase | undefined) =>
  store.write('alice', (tx) => applyAction(tx, 'o', action, 'alice', expect, {}));

/** The cluster's bundle: which roots it trusts, which root its intermediate chains to; istiod's checks pass. */
async function held(store: Store, fqn: string): Promise<{ roots: string[]; chainRoot: string; ca: string }> {
  const ca = await readClusterCa(store.reader, fqn);
  assert.ok(ca);
  checkPluginCaBundle(ca.current, new Date());
  const chain = fingerprints(ca.current['cert-chain.pem']);
  return { roots: fingerprints(ca.current['root-cert.pem']), chainRoot: chain[chain.length - 1], ca: chain[0] };
}

test('a full rotation, across a store reopen (restart): each step rewrites every managed cluster in the same write; BYO clusters are never written', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-root-rot-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let c1 = '';
  let oldSha = '';
  let newSha = '';
  let ica1 = '';
  await withStore(dir, async (store) => {
    await store.write('t', (tx) => ensureRoot(tx, {}));
    oldSha = summarize((await readRoot(store.reader))!.certPem).sha256;
    c1 = await cluster(store, 'c1');
    await cluster(store, 'byo', { bringYourOwnCa: true });
    ica1 = (await held(store, c1)).ca;
    const { result } = await act(store, 'start', undefined);
    newSha = summarize(result.rotation!.newRoot.certPem).sha256;
    assert.notEqual(newSha, oldSha);
    assert.deepEqual(await held(store, c1), { roots: [oldSha, newSha], chainRoot: oldSha, ca: ica1 }, 'step 1: both roots, same intermediate');
    assert.equal(await readClusterCa(store.reader, 'organizations/o/clusters/byo'), undefined);
    // A stale caller (its gate read at idle) changes nothing.
    await assert.rejects(act(store, 'advance', undefined), /moved to bundle meanwhile/);
  });
  // The server restarts: the rotation is read back from the store and goes on.
  await withStore(dir, async (store) => {
    assert.equal((await readRotation(store.reader))?.phase, 'bundle');
    await act(store, 'advance', 'bundle');
    const s2 = await held(store, c1);
    assert.deepEqual([s2.roots, s2.chainRoot], [[oldSha, newSha], newSha], 'step 2: intermediate from the new root, both trusted');
    assert.notEqual(s2.ca, ica1);
    // A cluster joining now gets step 2's material; an intermediate rotated now comes from the new root.
    const c2 = await cluster(store, 'c2');
    assert.deepEqual((await held(store, c2)).roots, [oldSha, newSha]);
    assert.equal((await held(store, c2)).chainRoot, newSha);
    await store.write('t', (tx) => rotateClusterCa(tx, c1, {}));
    assert.equal((await held(store, c1)).chainRoot, newSha);
    await act(store, 'advance', 'intermediates');
    assert.deepEqual((await held(store, c1)).roots, [newSha], 'step 3: the new root only');
    assert.equal(summarize((await readRoot(store.reader))!.certPem).sha256, oldSha, 'the mesh root changes only on completion');
    await act(store, 'advance', 'cleanup');
    assert.equal(await readRotation(store.reader), undefined);
    assert.equal(summarize((await readRoot(store.reader))!.certPem).sha256, newSha);
    const last = await readLastRotation(store.reader);
    assert.deepEqual([last?.outcome, last?.oldRootSha256, last?.newRootSha256], ['completed', oldSha, newSha]);
    assert.deepEqual(
      last?.history.map((h) => h.to),
      ['bundle', 'intermediates', 'cleanup', 'completed'],
    );
    assert.equal(JSON.stringify(last).includes('PRIVATE KEY'), false, 'the finished record holds no key');
    // After completion, intermediate rotation signs with the new mesh root and trusts it alone.
    await store.write('t', (tx) => rotateClusterCa(tx, c1, {}));
    assert.deepEqual((await held(store, c1)).roots, [newSha]);
  });
});

test('abort from step 2: old-root intermediates with both roots trusted (rollback), then the old root alone', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-root-rot-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await withStore(dir, async (store) => {
    const c1 = await cluster(store, 'c1');
    const oldSha = summarize((await readRoot(store.reader))!.certPem).sha256;
    const { result } = await act(store, 'start', undefined);
    const newSha = summarize(result.rotation!.newRoot.certPem).sha256;
    await act(store, 'advance', 'bundle');
    await act(store, 'abort', 'intermediates');
    const r = await held(store, c1);
    assert.deepEqual([r.roots, r.chainRoot], [[oldSha, newSha], oldSha]);
    assert.equal((await readRotation(store.reader))?.phase, 'rollback');
    await act(store, 'abort', 'rollback');
    assert.deepEqual((await held(store, c1)).roots, [oldSha]);
    assert.equal(summarize((await readRoot(store.reader))!.certPem).sha256, oldSha);
    assert.equal((await readLastRotation(store.reader))?.outcome, 'aborted');
  });
});

test('abort from step 1 drops the new root at once; abort from step 3 trusts the old root again', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-root-rot-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await withStore(dir, async (store) => {
    const c1 = await cluster(store, 'c1');
    const oldSha = summarize((await readRoot(store.reader))!.certPem).sha256;
    await act(store, 'start', undefined);
    await act(store, 'abort', 'bundle');
    assert.deepEqual((await held(store, c1)).roots, [oldSha]);
    const { result } = await act(store, 'start', undefined);
    const newSha = summarize(result.rotation!.newRoot.certPem).sha256;
    await act(store, 'advance', 'bundle');
    await act(store, 'advance', 'intermediates');
    await act(store, 'abort', 'cleanup');
    const r = await held(store, c1);
    assert.deepEqual([r.roots, r.chainRoot], [[oldSha, newSha], newSha]);
    assert.equal((await readRotation(store.reader))?.phase, 'intermediates');
  });
});

test('the rotation belongs to the organization that started it (MB4916)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-root-rot-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await withStore(dir, async (store) => {
    await cluster(store, 'c1');
    await act(store, 'start', undefined);
    await assert.rejects(
      store.write('bob', (tx) => applyAction(tx, 'other', 'abort', 'bob', 'bundle', {})),
      (e: Error & { def?: { code: string } }) => e.def?.code === 'MB4916',
    );
  });
});
