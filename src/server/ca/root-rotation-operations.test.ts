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

/** The admin may do anything; the reader holds READ on the organization; the viewer nothing. */
const rbac = {
  async require(p: Principal, permission: string, fqn: string) {
    if (p === admin || (p === reader && permission === 'READ')) return;
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
    await tx.put({ fqn: 'organizations/o/clusters/c1', parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', name: 'c1', metadata: {}, spec: {} }, null);
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
    status: { connected, ca: { caCertSha256: fingerprints(ca.current['ca-cert.pem'])[0], rootCertSha256: roots }, workloadTrust: clusterTrust('c1', workloads, new Date()) },
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
    await tx.put({ fqn: 'organizations/p/clusters/secret-name', parent: 'organizations/p', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', name: 'secret-name', metadata: {}, spec: {} }, null);
    await issueClusterCa(tx, 'organizations/p/clusters/secret-name', {});
  });
  const shared = await ops.status(reader, 'o');
  assert.deepEqual(shared.gate.holding, ['1 cluster(s) of other organizations sharing the mesh root']);
  assert.deepEqual(shared.clusters.map((c) => c.cluster), ['organizations/o/clusters/c1']);
  assert.equal(JSON.stringify(shared).includes('secret-name'), false);

  const root = summarize((await readRotation(store.reader))!.newRoot.certPem);
  assert.equal(root.sha256, NEW);
  const seen = JSON.stringify([plan, started, step2, await ops.status(admin, 'o')]) + logs.join('\n');
  assert.equal(seen.includes('PRIVATE KEY'), false, 'no answer or log line carries a key');
  assert.match(logs.join('\n'), new RegExp(`"to":"intermediates".*"newRootSha256":"${NEW}"`));
});
