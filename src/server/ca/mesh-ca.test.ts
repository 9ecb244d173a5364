import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPluginCaBundle, readCertificates } from '../../pki/index.js';
import { createStore, type Store } from '../../store/index.js';
import { dropClusterCa, ensureRoot, issueClusterCa, localityOf, readClusterCa, readRoot, rotateClusterCa } from './mesh-ca.js';

async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-mesh-ca-'));
  const store = await createStore({ dataDir: dir });
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function cluster(store: Store, name: string): Promise<string> {
  const fqn = `organizations/o/clusters/${name}`;
  await store.write('test', async (tx) => {
    if (!(await tx.get('organizations/o')))
      await tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
    await tx.put({ fqn, parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', name, metadata: {}, spec: {} }, null);
  });
  return fqn;
}

test('ensureRoot creates the root once and returns the same one afterwards, without bumping the revision', async () => {
  await withStore(async (store) => {
    const before = await store.currentRevision();
    const a = await store.write('t', (tx) => ensureRoot(tx, {}));
    const b = await store.write('t', (tx) => ensureRoot(tx, {}));
    assert.equal(a.result.created, true);
    assert.equal(b.result.created, false);
    assert.equal(b.result.root.certPem, a.result.root.certPem);
    assert.equal((await readRoot(store.reader))?.keyPem, a.result.root.keyPem);
    assert.equal(await store.currentRevision(), before);
  });
});

test('issue, rotate and drop: istiod accepts each bundle; rotation keeps the root and lists the old certificate', async () => {
  await withStore(async (store) => {
    const fqn = await cluster(store, 'east');
    const first = (await store.write('t', (tx) => issueClusterCa(tx, fqn, {}))).result;
    checkPluginCaBundle(first.current, new Date());
    const rotated = (await store.write('t', (tx) => rotateClusterCa(tx, fqn, {}))).result;
    checkPluginCaBundle(rotated.current, new Date());
    assert.notEqual(rotated.current['ca-cert.pem'], first.current['ca-cert.pem']);
    assert.notEqual(rotated.current['ca-key.pem'], first.current['ca-key.pem']);
    assert.equal(rotated.current['root-cert.pem'], first.current['root-cert.pem']);
    assert.equal(rotated.previous?.certPem, first.current['ca-cert.pem']);
    assert.equal(rotated.rotations, 1);
    const again = (await store.write('t', (tx) => rotateClusterCa(tx, fqn, {}))).result;
    assert.equal(again.previous?.certPem, rotated.current['ca-cert.pem'], 'only the one replaced last stays listed');
    await store.write('t', (tx) => dropClusterCa(tx, fqn));
    assert.equal(await readClusterCa(store.reader, fqn), undefined);
  });
});

test('rotating a missing cluster is NotFound and writes nothing', async () => {
  await withStore(async (store) => {
    await assert.rejects(
      store.write('t', (tx) => rotateClusterCa(tx, 'organizations/o/clusters/nope', {})),
      (e: Error & { def?: { name: string } }) => e.def?.name === 'NotFound',
    );
    assert.equal(await readRoot(store.reader), undefined);
  });
});

test('cluster names with dots or 253 characters still get an intermediate (locality mapped to a label)', async () => {
  assert.equal(localityOf('east.prod'), 'east-prod');
  assert.equal(localityOf('a'.repeat(253)).length, 63);
  assert.equal(localityOf(`${'a'.repeat(62)}.b`), 'a'.repeat(62));
  await withStore(async (store) => {
    const fqn = await cluster(store, 'east.prod.eu-1');
    const ca = (await store.write('t', (tx) => issueClusterCa(tx, fqn, {}))).result;
    assert.equal(readCertificates(ca.current['cert-chain.pem'], 'chain').ders.length, 2);
  });
});
