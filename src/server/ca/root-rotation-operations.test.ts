import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterTrust, CoreErrors, MeshError } from '../../api/index.js';
import { createStore, type Store } from '../../store/index.js';
import type { Principal, Rbac, ServerDeps } from '../contracts.js';
import { fingerprints } from './delivery.js';
import { ensureRoot, issueClusterCa, readClusterCa, summarize } from './mesh-ca.js';
import { readRotation } from './root-rotation-state.js';
import { rootRotationOperations } from './root-rotation-operations.js';

const who = (subject: string): Principal => ({ subject, kind: 'user', organization: 'o', username: subject });
const admin = who('organizations/o/users/admin');
const reader = who('organizations/o/users/reader');
const viewer = who('organizations/o/users/viewer');
const oAdmin = who('organizations/o/users/o-admin');

/** The admin may do anything; oAdmin anything under organizations/o and READ on organizations/p; the reader holds READ on o; the viewer nothing. */
const can = (p: Principal, permission: string, fqn: string): boolean =>
  p === admin ||
  (p === reader && permission === 'READ') ||
  (p === oAdmin && (fqn === 'organizations/o' || fqn.startsWith('organizations/o/') || (permission === 'READ' && fqn === 'organizations/p')));
const rbac = {
  async can(p: Principal, permission: string, fqn: string) {
    return can(p, permission, fqn);
  },
  async require(p: Principal, permission: string, fqn: string) {
    if (can(p, permission, fqn)) return;
    throw new MeshError(CoreErrors.Forbidden, `${p.subject} lacks ${permission} on ${fqn}`, { field: 'permission' });
  },
} as unknown as Rbac;

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<{ store: Store; deps: ServerDeps; logs: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-root-rot-ops-'));
  const store = await createStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  await store.migrate();
  await store.write('t', async (tx) => {
    await ensureRoot(tx, {});
    await tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
    await tx.put(
      {
        fqn: 'organizations/o/clusters/c1',
        parent: 'organizations/o',
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Cluster',
        name: 'c1',
        metadata: {},
        spec: {},
      },
      null,
    );
    await issueClusterCa(tx, 'organizations/o/clusters/c1', {});
  });
  const logs: string[] = [];
  const log = { info: (o: object, m?: string) => logs.push(JSON.stringify(o) + (m ?? '')), warn: () => undefined, error: () => undefined };
  return { store, deps: { store, rbac, log } as unknown as ServerDeps, logs };
}

/** What c1's agent would report once it holds its delivered cacerts and its one workload trusts `roots` with a chain to `chainRoot`. */
async function report(store: Store, connected: boolean, chainRoot: string): Promise<void> {
  const ca = await readClusterCa(store.reader, 'organizations/o/clusters/c1');
  assert.ok(ca);
  const roots = fingerprints(ca.current['root-cert.pem']);
  const workloads = [{ namespace: 'shop', name: 'web-0', rootSha256: roots, chainSha256: ['e'.repeat(64)], chainRootSha256: chainRoot, leafNotAfterMs: 0 }];
  await store.putStatus({
    fqn: 'organizations/o/clusters/c1',
    source: '',
    status: {
      connected,
      lastSeen: new Date().toISOString(),
      ca: { caCertSha256: fingerprints(ca.current['ca-cert.pem'])[0], rootCertSha256: roots },
      workloadTrust: clusterTrust('c1', workloads, new Date()),
    },
  });
}

test('rotate-root REST: READ on the organization to follow it, SET_POLICY to act; a held gate is MB4912 naming the cluster and writes nothing; no key in any answer or log', async (t) => {
  const { store, deps, logs } = await setup(t);
  const ops = rootRotationOperations(deps, {});
  await assert.rejects(ops.act(reader, 'o', 'start'), /lacks SET_POLICY on organizations\/o/);
  await assert.rejects(ops.status(viewer, 'o'), /lacks READ/);
  await assert.rejects(ops.plan(viewer, 'o'), /lacks READ/);
  assert.equal((await ops.status(reader, 'o')).phase, 'idle');
  assert.equal(await readRotation(store.reader), undefined, 'a refused start writes nothing');

  const plan = await ops.plan(admin, 'o');
  assert.deepEqual([plan.phase, plan.clusters.map((c) => c.cluster)], ['idle', ['organizations/o/clusters/c1']]);
  const started = await ops.act(admin, 'o', 'start');
  assert.deepEqual([started.phase, started.step, started.gate.holds], ['bundle', 1, false]);
  const OLD = started.oldRoot?.sha256 ?? '';
  const NEW = started.newRoot?.sha256 ?? '';

  // GIVEN c1 holds the bundle but its agent is disconnected, THEN --advance is refused and names it
  await report(store, false, OLD);
  await assert.rejects(ops.act(admin, 'o', 'advance'), (e: MeshError) => {
    assert.equal(e.def.code, 'MB4912');
    assert.equal(e.message, 'step 1 (bundle) is held by 1 cluster(s): organizations/o/clusters/c1: its agent is not connected');
    return true;
  });
  assert.equal((await readRotation(store.reader))?.phase, 'bundle');
  // WHEN it reports connected, THEN the gate holds and the step moves on
  await report(store, true, OLD);
  assert.equal((await ops.status(admin, 'o')).gate.holds, true);
  const step2 = await ops.act(admin, 'o', 'advance');
  assert.equal(step2.phase, 'intermediates');
  assert.match(step2.gate.holding[0], /not the delivered intermediate/);
  await report(store, true, NEW);
  assert.equal((await ops.status(admin, 'o')).gate.holds, true);
  // AND another organization cannot drive it
  await assert.rejects(ops.status(admin, 'other'), (e: MeshError) => e.def.code === 'MB4916');
  // AND a cluster of another organization (same mesh root) is gated, counted but not named
  await store.write('t', async (tx) => {
    await tx.put({ fqn: 'organizations/p', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'p', metadata: {}, spec: {} }, null);
    await tx.put(
      {
        fqn: 'organizations/p/clusters/secret-name',
        parent: 'organizations/p',
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Cluster',
        name: 'secret-name',
        metadata: {},
        spec: {},
      },
      null,
    );
    await issueClusterCa(tx, 'organizations/p/clusters/secret-name', {});
  });
  const shared = await ops.status(reader, 'o');
  assert.deepEqual(shared.gate.holding, ['1 cluster(s) of other organizations sharing the mesh root']);
  assert.deepEqual(
    shared.clusters.map((c) => c.cluster),
    ['organizations/o/clusters/c1'],
  );
  assert.equal(JSON.stringify(shared).includes('secret-name'), false);

  const root = summarize((await readRotation(store.reader))!.newRoot.certPem);
  assert.equal(root.sha256, NEW);
  const seen = JSON.stringify([plan, started, step2, await ops.status(admin, 'o')]) + logs.join('\n');
  assert.equal(seen.includes('PRIVATE KEY'), false, 'no answer or log line carries a key');
  assert.match(logs.join('\n'), new RegExp(`"to":"intermediates".*"newRootSha256":"${NEW}"`));
});

/** c1's report with explicit roots: its cacerts and its one workload hold `roots`, the workload's chain goes to `chainRoot`. */
async function reportRoots(store: Store, roots: string[], chainRoot: string): Promise<void> {
  const ca = await readClusterCa(store.reader, 'organizations/o/clusters/c1');
  assert.ok(ca);
  const workloads = [{ namespace: 'shop', name: 'web-0', rootSha256: roots, chainSha256: ['e'.repeat(64)], chainRootSha256: chainRoot, leafNotAfterMs: 0 }];
  await store.putStatus({
    fqn: 'organizations/o/clusters/c1',
    source: '',
    status: {
      connected: true,
      lastSeen: new Date().toISOString(),
      ca: { caCertSha256: fingerprints(ca.current['ca-cert.pem'])[0], rootCertSha256: roots },
      workloadTrust: clusterTrust('c1', workloads, new Date()),
    },
  });
}

test('double abort from step 3: the second --abort (into the rollback) is MB4918 while a cluster still trusts only the new root, and goes through once both are trusted again', async (t) => {
  const { store, deps } = await setup(t);
  const ops = rootRotationOperations(deps, {});
  const started = await ops.act(admin, 'o', 'start');
  const OLD = started.oldRoot?.sha256 ?? '';
  const NEW = started.newRoot?.sha256 ?? '';
  await report(store, true, OLD);
  await ops.act(admin, 'o', 'advance');
  await report(store, true, NEW);
  await ops.act(admin, 'o', 'advance');
  await reportRoots(store, [NEW], NEW);
  assert.equal((await ops.act(admin, 'o', 'abort')).phase, 'intermediates', 'step 3 → step 2 at once: trusting the old root again is safe');
  // c1 has not applied the both-roots bundle yet (offline, slow): old-root intermediates would break it.
  await assert.rejects(ops.act(admin, 'o', 'abort'), (e: MeshError) => {
    assert.equal(e.def.code, 'MB4918');
    assert.match(e.message, /organizations\/o\/clusters\/c1: its cacerts root-cert\.pem holds new root .* \(wants old root .* \+ new root .*\)/);
    return true;
  });
  assert.equal((await readRotation(store.reader))?.phase, 'intermediates', 'a refused abort writes nothing');
  await reportRoots(store, [OLD, NEW], NEW);
  assert.equal((await ops.act(admin, 'o', 'abort')).phase, 'rollback');
});

test('acting needs SET_POLICY on every organization that has clusters (MB4920): readable ones are named, others counted; nothing is written', async (t) => {
  const { store, deps } = await setup(t);
  const ops = rootRotationOperations(deps, {});
  assert.equal((await ops.plan(oAdmin, 'o')).phase, 'idle');
  for (const org of ['p', 'q'])
    await store.write('t', async (tx) => {
      await tx.put(
        { fqn: `organizations/${org}`, parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: org, metadata: {}, spec: {} },
        null,
      );
      await tx.put(
        {
          fqn: `organizations/${org}/clusters/x`,
          parent: `organizations/${org}`,
          apiVersion: 'api.tsb.tetrate.io/v2',
          kind: 'Cluster',
          name: 'x',
          metadata: {},
          spec: {},
        },
        null,
      );
      await issueClusterCa(tx, `organizations/${org}/clusters/x`, {});
    });
  await assert.rejects(ops.act(oAdmin, 'o', 'start'), (e: MeshError) => {
    assert.equal(e.def.code, 'MB4920');
    assert.equal(
      e.message,
      'permission SET_POLICY is missing on organizations/p, 1 other organization(s) you cannot read: a root rotation step rewrites the clusters of every organization',
    );
    return true;
  });
  assert.equal(await readRotation(store.reader), undefined, 'a refused start writes nothing');
  assert.equal((await ops.act(admin, 'o', 'start')).phase, 'bundle', 'a right over every organization (here: everything) drives it');
  await assert.rejects(ops.act(oAdmin, 'o', 'abort'), (e: MeshError) => e.def.code === 'MB4920');
});

test('a status left connected by a server that died (kill -9) is not live once its lastSeen is older than the heartbeat writes: the cluster holds the gate', async (t) => {
  const { store, deps } = await setup(t);
  const ops = rootRotationOperations(deps, {});
  const started = await ops.act(admin, 'o', 'start');
  await report(store, true, started.oldRoot?.sha256 ?? '');
  assert.equal((await ops.status(admin, 'o')).gate.holds, true);
  const rec = (await store.getStatus('organizations/o/clusters/c1')).find((r) => r.source === '');
  assert.ok(rec);
  await store.putStatus({ fqn: rec.fqn, source: '', status: { ...(rec.status as object), lastSeen: new Date(Date.now() - 10 * 60_000).toISOString() } });
  const v = await ops.status(admin, 'o');
  assert.deepEqual([v.gate.holds, v.clusters[0].connected], [false, false]);
  assert.equal(v.gate.holding[0], 'organizations/o/clusters/c1: its agent is not connected');
});
