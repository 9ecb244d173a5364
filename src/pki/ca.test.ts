import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isMeshError, PkiErrors } from '../api/index.js';
import { createRootCa, issueIntermediate, rotateIntermediate, checkPluginCaBundle, cacertsSecret, intermediateStatus, PLUGIN_CA_FILES } from './ca.js';
import { parseCertificate, KU } from './certificate.js';
import { readCertificates } from './pem.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const cert = (pem: string) => parseCertificate(readCertificates(pem, 't').ders[0], 't');

test('GIVEN a mesh root WHEN an intermediate is issued for cluster east THEN it has the Istio recipe extensions and passes istiod checks', async () => {
  const root = await createRootCa({ now: NOW, keyType: 'ec' });
  const b = await issueIntermediate(root, 'east', { now: NOW, keyType: 'ec' });
  const c = cert(b['ca-cert.pem']);
  assert.equal(c.subject, 'O=Istio, CN=Intermediate CA, L=east');
  assert.deepEqual(c.basicConstraints, { ca: true, pathLen: 0 });
  assert.equal(c.keyUsage, KU.digitalSignature | KU.nonRepudiation | KU.keyEncipherment | KU.keyCertSign);
  assert.deepEqual(c.sans, [{ type: 'dns', value: 'istiod.istio-system.svc' }]);
  assert.equal(c.akiKeyId, cert(root.certPem).ski);
  assert.equal(b['cert-chain.pem'], b['ca-cert.pem'] + b['root-cert.pem']);
  assert.equal(checkPluginCaBundle(b, NOW).chainLength, 2);
  const secret = cacertsSecret(b) as { metadata: { name: string; namespace: string }; data: Record<string, string> };
  assert.deepEqual(secret.metadata, { name: 'cacerts', namespace: 'istio-system' });
  assert.deepEqual(Object.keys(secret.data).sort(), [...PLUGIN_CA_FILES].sort());
  assert.equal(Buffer.from(secret.data['ca-cert.pem'], 'base64').toString(), b['ca-cert.pem']);
});

test('an RSA root and intermediate (Istio default key type) pass istiod checks', async () => {
  const key = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const root = await createRootCa({ now: NOW, key: key() });
  const b = await issueIntermediate(root, 'west', { now: NOW, key: key() });
  assert.match(cert(b['ca-cert.pem']).keyType, /^RSA 2048$/);
  assert.equal(checkPluginCaBundle(b, NOW).signingCert.subject, 'O=Istio, CN=Intermediate CA, L=west');
});

test('istiod checks reject a bundle with a missing file, a foreign key, or a chain to another root', async () => {
  const root = await createRootCa({ now: NOW, keyType: 'ec' });
  const other = await createRootCa({ now: NOW, keyType: 'ec' });
  const b = await issueIntermediate(root, 'east', { now: NOW, keyType: 'ec' });
  const b2 = await issueIntermediate(root, 'west', { now: NOW, keyType: 'ec' });
  assert.throws(
    () => checkPluginCaBundle({ ...b, 'cert-chain.pem': '' }, NOW),
    (e) => isMeshError(e, PkiErrors.CaBundleIncomplete) && /missing cert-chain.pem/.test(e.message),
  );
  assert.throws(
    () => checkPluginCaBundle({ ...b, 'ca-key.pem': b2['ca-key.pem'] }, NOW),
    (e) => isMeshError(e, PkiErrors.CaBundleInvalid) && /does not match/.test(e.message),
  );
  assert.throws(
    () => checkPluginCaBundle({ ...b, 'root-cert.pem': other.certPem, 'cert-chain.pem': b['ca-cert.pem'] }, NOW),
    (e) => isMeshError(e, PkiErrors.CaBundleInvalid) && /cannot verify the cert with the provided root chain/.test(e.message),
  );
});

test('a cluster name that is not DNS-1123 is refused before anything is generated', async () => {
  const root = await createRootCa({ now: NOW, keyType: 'ec' });
  await assert.rejects(issueIntermediate(root, 'East_1', { now: NOW, keyType: 'ec' }), (e) => isMeshError(e, PkiErrors.InvalidCaRequest));
});

test('rotation issues a new key from the same root, keeps old roots trusted, and the result passes istiod checks', async () => {
  const root = await createRootCa({ now: NOW, keyType: 'ec' });
  const old = await issueIntermediate(root, 'east', { now: NOW, keyType: 'ec' });
  const later = new Date(NOW.getTime() + 400 * 86_400_000);
  const next = await rotateIntermediate(root, old, 'east', { now: later, keyType: 'ec' });
  assert.notEqual(next['ca-key.pem'], old['ca-key.pem']);
  assert.notEqual(cert(next['ca-cert.pem']).serialHex, cert(old['ca-cert.pem']).serialHex);
  assert.equal(next['root-cert.pem'], root.certPem);
  assert.equal(checkPluginCaBundle(next, later).chainLength, 2);
});

test('intermediateStatus says when a cluster CA is due for rotation (80 % of its lifetime by default)', async () => {
  const root = await createRootCa({ now: NOW, keyType: 'ec' });
  const b = await issueIntermediate(root, 'east', { now: NOW, keyType: 'ec', days: 100 });
  const fresh = intermediateStatus(b, new Date(NOW.getTime() + 10 * 86_400_000));
  assert.equal(fresh.needsRotation, false);
  const due = intermediateStatus(b, new Date(NOW.getTime() + 81 * 86_400_000));
  assert.deepEqual([due.needsRotation, due.expired], [true, false]);
  assert.equal(intermediateStatus(b, new Date(NOW.getTime() + 101 * 86_400_000)).expired, true);
  assert.throws(
    () => intermediateStatus(b, NOW, 0),
    (e) => isMeshError(e, PkiErrors.InvalidCaRequest),
  );
});

test('issuing from a root key that does not belong to the root certificate is refused, naming both files', async () => {
  const a = await createRootCa({ now: NOW, keyType: 'ec' });
  const b = await createRootCa({ now: NOW, keyType: 'ec' });
  await assert.rejects(
    issueIntermediate({ certPem: a.certPem, keyPem: b.keyPem }, 'east', { now: NOW, keyType: 'ec' }),
    (e) => isMeshError(e, PkiErrors.CaBundleInvalid) && e.message === 'root-key.pem does not match the public key of root-cert.pem',
  );
  await assert.rejects(
    issueIntermediate({ certPem: a.certPem, keyPem: 'not a key' }, 'east', { now: NOW, keyType: 'ec' }),
    (e) => isMeshError(e, PkiErrors.KeyInvalid) && e.field === 'root-key.pem',
  );
});
