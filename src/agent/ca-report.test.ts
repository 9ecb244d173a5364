import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { cacertsSecret, createRootCa, issueIntermediate } from '../pki/index.js';
import { caReport, cacertsFromInventory, cacertsFromSecret } from './ca-report.js';
import { parseInventory } from './inventory/file-inventory.js';

const now = new Date();
const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

test("the report of a delivered cacerts Secret has the certificates' fingerprints and no key", async () => {
  const root = await createRootCa({ now, keyType: 'ec' });
  const b = await issueIntermediate(root, 'east', { now, keyType: 'ec' });
  const r = caReport(cacertsFromSecret(cacertsSecret(b)), 'meshbridge');
  assert.equal(r.source, 'meshbridge');
  assert.equal(r.caCertSha256, sha(b['ca-cert.pem']));
  assert.deepEqual(r.rootCertSha256, [sha(root.certPem)]);
  assert.deepEqual(r.certChainSha256, [sha(b['ca-cert.pem']), sha(root.certPem)]);
  assert.doesNotMatch(JSON.stringify(r), /PRIVATE KEY/);
});

test("a file inventory lists a cluster's own cacerts; a listed ca-key.pem is MB3900, a bad entry MB3901 naming it", async () => {
  const root = await createRootCa({ now, keyType: 'ec' });
  const b = await issueIntermediate(root, 'west', { now, keyType: 'ec' });
  const inv = parseInventory(
    JSON.stringify({
      namespaces: ['a'],
      cacerts: { 'ca-cert.pem': b['ca-cert.pem'], 'cert-chain.pem': b['cert-chain.pem'], 'root-cert.pem': b['root-cert.pem'] },
    }),
    'inv.json',
  );
  assert.equal(inv.ca?.source, 'cluster');
  assert.equal(inv.ca?.caCertSha256, sha(b['ca-cert.pem']));
  assert.deepEqual(parseInventory('namespaces: [a]', 'inv.yaml').ca, undefined);
  assert.throws(
    () => cacertsFromInventory({ 'ca-key.pem': b['ca-key.pem'] }, 'inv.yaml'),
    (e: Error & { def?: { code: string } }) => e.def?.code === 'MB3900' && /ca-key.pem/.test(e.message) && !e.message.includes('PRIVATE KEY'),
  );
  assert.throws(
    () => cacertsFromInventory({ 'ca-cert.pem': 'nope' }, 'inv.yaml'),
    (e: Error & { def?: { code: string } }) => e.def?.code === 'MB3901' && /inv.yaml/.test(e.message),
  );
  assert.throws(() => cacertsFromInventory({ 'tls.crt': b['ca-cert.pem'] }, 'inv.yaml'), /cacerts.tls.crt is not one of/);
  assert.throws(() => cacertsFromInventory(['x'], 'inv.yaml'), /must be a map/);
});
