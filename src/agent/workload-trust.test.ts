import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createRootCa, issueIntermediate } from '../pki/index.js';
import { issueWorkloadLeaf } from '../../test/support/istiod-workload-emulation.js';
import { workloadTrust } from './workload-trust.js';
import { parseInventory } from './inventory/file-inventory.js';

const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
const now = new Date();

async function pki() {
  const oldRoot = await createRootCa({ now, keyType: 'ec', commonName: 'Old Root' });
  const newRoot = await createRootCa({ now, keyType: 'ec', commonName: 'New Root' });
  const oldCa = await issueIntermediate(oldRoot, 'east', { now, keyType: 'ec' });
  const newCa = await issueIntermediate(newRoot, 'east', { now, keyType: 'ec' });
  return { oldRoot, newRoot, oldCa, newCa };
}

test('GIVEN a sidecar holding old+new roots and a chain from the new root WHEN reported THEN every root, the chain leaf first and the new root as the chain root are listed', async () => {
  const { oldRoot, newRoot, newCa } = await pki();
  const leaf = await issueWorkloadLeaf(newCa, 'spiffe://cluster.local/ns/shop/sa/web', 3_600_000, now);
  const r = workloadTrust('shop', 'web-0', oldRoot.certPem + newRoot.certPem, leaf + newCa['cert-chain.pem'], now);
  assert.deepEqual(r.rootSha256, [sha(oldRoot.certPem), sha(newRoot.certPem)]);
  assert.deepEqual(r.chainSha256, [sha(leaf), sha(newCa['ca-cert.pem']), sha(newRoot.certPem)]);
  assert.equal(r.chainRootSha256, sha(newRoot.certPem));
  assert.equal(r.leafNotAfterMs, new Date(new X509Certificate(leaf).validTo).getTime());
});

test('GIVEN a chain from a root the bundle lacks, or an expired leaf WHEN reported THEN its chain root is empty', async () => {
  const { oldRoot, newCa } = await pki();
  const leaf = await issueWorkloadLeaf(newCa, 'spiffe://cluster.local/ns/shop/sa/web', 3_600_000, now);
  assert.equal(workloadTrust('shop', 'web-0', oldRoot.certPem, leaf + newCa['cert-chain.pem'], now).chainRootSha256, '');
  const later = new Date(now.getTime() + 2 * 3_600_000);
  const newRoot = newCa['root-cert.pem'];
  assert.equal(workloadTrust('shop', 'web-0', newRoot, leaf + newCa['cert-chain.pem'], now).chainRootSha256, sha(newRoot));
  assert.equal(workloadTrust('shop', 'web-0', newRoot, leaf + newCa['cert-chain.pem'], later).chainRootSha256, '', 'expired leaf');
});

test('GIVEN a file inventory with workloads WHEN parsed THEN each is reported and its namespace listed; bad entries name the field (MB4940)', async () => {
  const { oldRoot, oldCa } = await pki();
  const leaf = await issueWorkloadLeaf(oldCa, 'spiffe://cluster.local/ns/pay/sa/pay', 3_600_000, now);
  const inv = parseInventory(
    JSON.stringify({ workloads: [{ namespace: 'pay', name: 'pay-0', rootCert: oldRoot.certPem, certChain: leaf + oldCa['cert-chain.pem'] }] }),
    'inv.json',
  );
  assert.deepEqual(inv.namespaces, ['pay']);
  assert.equal(inv.workloadTrustReported, true);
  assert.equal(parseInventory('namespaces: [a]\n', 'inv.yaml').workloadTrustReported, false, 'no workloads: key means unknown, not none');
  assert.equal(parseInventory('workloads: []\n', 'inv.yaml').workloadTrustReported, true);
  assert.equal(inv.workloadTrust.length, 1);
  assert.equal(inv.workloadTrust[0].chainRootSha256, sha(oldRoot.certPem));
  const bad = (doc: unknown, re: RegExp) =>
    assert.throws(
      () => parseInventory(JSON.stringify(doc), 'inv.json'),
      (e: Error & { code?: string }) => re.test(e.message) && e.code === 'MB4940',
    );
  bad({ workloads: {} }, /inv.json: workloads must be a list/);
  bad({ workloads: [{ namespace: 'a', name: 'b' }] }, /workloads\[0\]\.rootCert is required and must be PEM text/);
  bad({ workloads: [{ namespace: 'a', name: 'b', rootCert: oldRoot.certPem, certChain: '', sa: 'x' }] }, /workloads\[0\]\.sa is not one of/);
  bad({ workloads: [{ namespace: 'a', name: 'b', rootCert: 'not pem', certChain: '' }] }, /workloads\[0\]: .*a\/b rootCert/);
  const w = { namespace: 'a', name: 'b', rootCert: oldRoot.certPem, certChain: '' };
  bad({ workloads: [w, w] }, /workloads\[1\]: a\/b is listed twice/);
});
