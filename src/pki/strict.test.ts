import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createCertificate, keyIdentifier } from './issue.js';
import { KU, parseCertificate, type CertInfo } from './certificate.js';
import { verifyStrict } from './strict.js';
import { verifyChain } from './verify.js';

const at = new Date('2026-06-01T00:00:00Z');
const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
type K = ReturnType<typeof key>;
let n = 1;

async function cert(subject: string, k: K, issuer?: { name: string; key: K }, o: { ca?: boolean; aki?: boolean; ku?: number } = {}): Promise<CertInfo> {
  const der = await createCertificate({
    subject,
    issuer: issuer?.name ?? subject,
    publicKey: k.publicKey,
    signingKey: (issuer?.key ?? k).privateKey,
    serialHex: (n++).toString(16).padStart(2, '0'),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    basicConstraints: { ca: o.ca ?? true },
    keyUsage: o.ku ?? KU.keyCertSign,
    akiKeyId: issuer && o.aki !== false ? keyIdentifier(issuer.key.publicKey) : undefined,
    sans: o.ca === false ? [{ type: 'uri', value: 'spiffe://td/ns/a/sa/b' }] : undefined,
    sanCritical: subject === '',
  });
  return parseCertificate(der, subject || 'leaf');
}

test('path building tries every same-named issuer: a rolled-over root listed first without AKI fails OpenSSL (error 7) and passes strict', async () => {
  const oldK = key();
  const newK = key();
  const ik = key();
  const oldRoot = await cert('CN=Root', oldK);
  const newRoot = await cert('CN=Root', newK);
  const int = await cert('CN=Int', ik, { name: 'CN=Root', key: newK }, { aki: false });
  const leaf = await cert('', key(), { name: 'CN=Int', key: ik }, { ca: false, ku: KU.digitalSignature });
  const input = { leaf, untrusted: [int], trusted: [oldRoot, newRoot], at };
  assert.deepEqual(
    verifyChain(input).problems.map((p) => `${p.error}@${p.depth}`),
    ['7@1'],
  );
  const s = verifyStrict(input, 'webpki');
  assert.equal(s.ok, true);
  assert.equal(s.chain[2], newRoot);
  assert.deepEqual(
    verifyStrict(input, 'strict').problems.map((p) => `${p.rule.id}@${p.depth}`),
    ['aki-missing@1'],
  );
});

test('no path: the report says which same-named issuers were tried and that none of their keys verifies', async () => {
  const rk = key();
  const root = await cert('CN=Root', rk);
  const impostor = await cert('CN=Int', key(), { name: 'CN=Root', key: rk });
  const leaf = await cert('', key(), { name: 'CN=Int', key: key() }, { ca: false, ku: KU.digitalSignature });
  const s = verifyStrict({ leaf, untrusted: [impostor], trusted: [root], at });
  assert.equal(s.ok, false);
  assert.deepEqual(
    s.problems.map((p) => [p.rule.id, p.depth, p.name]),
    [['no-path', 0, 'spiffe://td/ns/a/sa/b']],
  );
  assert.match(
    s.problems[0].cause,
    /^1 certificate\(s\) named `CN=Int` were tried as the issuer of `spiffe:\/\/td\/ns\/a\/sa\/b` and none of their keys verifies its signature/,
  );
  const missing = verifyStrict({ leaf, untrusted: [], trusted: [root], at });
  assert.match(
    missing.problems[0].cause,
    /^no certificate named `CN=Int` \(the issuer of `spiffe:\/\/td\/ns\/a\/sa\/b`\) is in the chain or the trusted roots$/,
  );
});

test("a profile applies only its verifier's rules: keyCertSign in a leaf fails chrome and pyca, passes go and webpki", async () => {
  const rk = key();
  const root = await cert('CN=Root', rk);
  const leaf = await cert('', key(), { name: 'CN=Root', key: rk }, { ca: false, ku: KU.digitalSignature | KU.keyCertSign });
  const input = { leaf, untrusted: [], trusted: [root], at };
  const verdict = (p: 'chrome' | 'pyca' | 'go' | 'webpki') => verifyStrict(input, p).ok;
  assert.deepEqual([verdict('chrome'), verdict('pyca'), verdict('go'), verdict('webpki')], [false, false, true, true]);
  const f = verifyStrict(input, 'chrome').problems[0];
  assert.equal(f.rule.id, 'keycertsign-in-leaf');
  assert.match(f.cause, /asserts keyUsage keyCertSign but is not a CA; Chrome, pyca\/cryptography reject it/);
});
