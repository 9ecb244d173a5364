import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createRootCa, issueIntermediate } from '../../pki/index.js';
import { cacertsObject, checkCaReport, fingerprints } from './delivery.js';

const now = new Date();

async function mesh(): Promise<{ root: Awaited<ReturnType<typeof createRootCa>>; other: Awaited<ReturnType<typeof createRootCa>> }> {
  return { root: await createRootCa({ now, keyType: 'ec' }), other: await createRootCa({ now, keyType: 'ec', commonName: 'Someone Else' }) };
}

test("cacertsObject is istiod's cacerts Secret in istio-system with the four files, labelled as managed", async () => {
  const { root } = await mesh();
  const bundle = await issueIntermediate(root, 'east', { now, keyType: 'ec' });
  const o = cacertsObject({ current: bundle, issuedAt: now.toISOString(), rotations: 0 });
  assert.equal(o.kind, 'Secret');
  assert.deepEqual(o.metadata.name, 'cacerts');
  assert.deepEqual(o.metadata.namespace, 'istio-system');
  assert.equal(o.metadata.labels['app.kubernetes.io/managed-by'], 'meshbridge');
  const data = o.data as Record<string, string>;
  assert.deepEqual(Object.keys(data).sort(), ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
  assert.equal(Buffer.from(data['ca-key.pem'], 'base64').toString(), bundle['ca-key.pem']);
});

test("fingerprints are the SHA-256 of each certificate's DER", async () => {
  const { root, other } = await mesh();
  const want = [root, other].map((m) => createHash('sha256').update(new X509Certificate(m.certPem).raw).digest('hex'));
  assert.deepEqual(fingerprints(root.certPem + other.certPem), want);
  assert.deepEqual(fingerprints(''), []);
});

test('checkCaReport: a chain from the mesh root passes; a foreign one is MB4900 naming the depth; nothing held is MB4901', async () => {
  const { root, other } = await mesh();
  const ours = await issueIntermediate(root, 'east', { now, keyType: 'ec' });
  const theirs = await issueIntermediate(other, 'west', { now, keyType: 'ec' });
  const report = (b: typeof ours, source: string) => ({
    source,
    caCertPem: b['ca-cert.pem'],
    certChainPem: b['cert-chain.pem'],
    rootCertPem: b['root-cert.pem'],
  });
  const ok = checkCaReport(report(ours, 'meshbridge'), root.certPem, false, now);
  assert.equal(ok.chainsToMeshRoot, true);
  assert.equal(ok.problem, undefined);
  assert.equal(ok.caCertSha256, fingerprints(ours['ca-cert.pem'])[0]);
  assert.deepEqual(ok.rootCertSha256, fingerprints(root.certPem));
  assert.deepEqual(ok.certChainSha256.length, 2);
  const bad = checkCaReport(report(theirs, 'cluster'), root.certPem, true, now);
  assert.equal(bad.chainsToMeshRoot, false);
  assert.equal(bad.bringYourOwnCa, true);
  assert.equal(bad.problem?.code, 'MB4900');
  assert.match(bad.problem?.message ?? '', /does not chain to the mesh root: at depth/);
  assert.equal(bad.caCertSha256, fingerprints(theirs['ca-cert.pem'])[0], 'fingerprints are still shown');
  assert.equal(checkCaReport(undefined, root.certPem, true, now).problem?.code, 'MB4901');
  const garbage = checkCaReport({ source: 'cluster', caCertPem: 'not pem', certChainPem: '', rootCertPem: '' }, root.certPem, true, now);
  assert.equal(garbage.problem?.code, 'MB4900');
  assert.match(garbage.problem?.message ?? '', /cannot be read/);
});
