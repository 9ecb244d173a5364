import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createCertificate, keyIdentifier } from './issue.js';
import { toPem } from './pem.js';
import { KU } from './certificate.js';
import { verifyPem } from './verify-pem.js';

const AT = new Date('2026-06-01T00:00:00Z');
const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
type K = { publicKey: KeyObject; privateKey: KeyObject };

async function ca(name: string, k: K, issuer?: { name: string; key: K }, extra: Partial<Parameters<typeof createCertificate>[0]> = {}): Promise<string> {
  return toPem(
    await createCertificate({
      subject: name,
      issuer: issuer?.name ?? name,
      publicKey: k.publicKey,
      signingKey: (issuer?.key ?? k).privateKey,
      serialHex: '0' + Math.floor(Math.random() * 1e6).toString(16),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      basicConstraints: { ca: true },
      keyUsage: KU.keyCertSign | KU.cRLSign,
      akiKeyId: issuer ? keyIdentifier(issuer.key.publicKey) : undefined,
      ...extra,
    }),
  );
}

async function leaf(issuer: { name: string; key: K }, extra: Partial<Parameters<typeof createCertificate>[0]> = {}): Promise<string> {
  const k = key();
  return ca('', k, issuer, {
    basicConstraints: { ca: false },
    keyUsage: KU.digitalSignature,
    sans: [{ type: 'uri', value: 'spiffe://cluster.local/ns/shop/sa/web' }],
    sanCritical: true,
    ...extra,
  });
}

test("GIVEN an intermediate from a root that was regenerated WHEN verified THEN depth 1 says the issuer matches the root's subject but not its key", async () => {
  const oldRoot = key();
  const newRoot = key();
  const root = await ca('CN=Root A', newRoot);
  const intKey = key();
  const int2 = await ca('CN=Intermediate', intKey, { name: 'CN=Root A', key: oldRoot });
  const r = verifyPem({ chain: (await leaf({ name: 'CN=Intermediate', key: intKey })) + int2, roots: root, at: AT });
  assert.equal(r.ok, false);
  const p = r.problems[0];
  assert.deepEqual([p.error, p.depth, p.name], [20, 1, 'CN=Intermediate']);
  assert.match(p.cause, /^the intermediate's issuer `CN=Root A` matches the trusted root's subject but not its key .*: the root was regenerated$/);
  assert.match(p.fix, /distribute the `CN=Root A` that signed it \(root-cert.pem\), or re-issue `CN=Intermediate`/);
});

test('a missing intermediate is reported at depth 0 with the SPIFFE ID of the empty-subject leaf and the issuer to append', async () => {
  const rk = key();
  const ik = key();
  const root = await ca('CN=Root', rk);
  const r = verifyPem({ chain: await leaf({ name: 'CN=Int', key: ik }), roots: root, at: AT });
  assert.deepEqual(
    r.problems.map((p) => [p.error, p.depth, p.name]),
    [[20, 0, 'spiffe://cluster.local/ns/shop/sa/web']],
  );
  assert.match(r.problems[0].fix, /append it to the chain \(cert-chain.pem must hold ca-cert.pem/);
});

test("without --roots the chain's last self-signed certificate is the anchor; a duplicated root is only a warning", async () => {
  const rk = key();
  const root = await ca('CN=Root', rk);
  const r = verifyPem({ chain: (await leaf({ name: 'CN=Root', key: rk })) + root + root, at: AT, purpose: 'client' });
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.equal(r.anchorSource, 'chain');
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /certificate 3 of the chain is a duplicate of certificate 2/);
});

test('glued PEM blocks, pathlen, keyCertSign and name constraints are each explained at their depth', async () => {
  const rk = key();
  const ik = key();
  const root = await ca('CN=Root', rk, undefined, {
    basicConstraints: { ca: true, pathLen: 0 },
    nameConstraints: { permitted: [{ type: 'uri', value: 'east.local' }] },
  });
  const int = await ca('CN=Int', ik, { name: 'CN=Root', key: rk }, { keyUsage: KU.digitalSignature });
  const l = await leaf({ name: 'CN=Int', key: ik });
  const glued = (l + int).replace('-----END CERTIFICATE-----\n-----BEGIN', '-----END CERTIFICATE----------BEGIN');
  const r = verifyPem({ chain: glued, roots: root, at: AT });
  assert.deepEqual(
    r.problems.map((p) => `${p.error}@${p.depth}`),
    ['100@1', '79@1', '25@2', '32@1'],
  );
  assert.match(r.problems[0].cause, /starts on the same line as the previous "-----END CERTIFICATE-----"/);
  assert.match(r.problems[1].cause, /`CN=Int` is used as a CA at depth 1 but its keyUsage does not include keyCertSign/);
  const ok = verifyPem({ chain: l + (await ca('CN=Int', ik, { name: 'CN=Root', key: rk })), roots: root, at: AT });
  assert.deepEqual(
    ok.problems.map((p) => `${p.error}@${p.depth}`),
    ['25@2', '47@0'],
  );
  assert.match(ok.problems[0].cause, /`CN=Root` allows at most 0 CA certificate\(s\) below it \(pathLen:0\) but the chain has 1/);
  assert.match(
    ok.problems[1].cause,
    /URI:spiffe:\/\/cluster.local\/ns\/shop\/sa\/web which is outside the names `CN=Root` is permitted to issue for \(nameConstraints permitted: URI:east.local\)/,
  );
});

test('an expired intermediate and a not-yet-valid leaf are reported top-down like openssl, with dates', async () => {
  const rk = key();
  const ik = key();
  const root = await ca('CN=Root', rk);
  const int = await ca('CN=Int', ik, { name: 'CN=Root', key: rk }, { notAfter: new Date('2026-05-01T00:00:00Z') });
  const l = await leaf({ name: 'CN=Int', key: ik }, { notBefore: new Date('2026-07-01T00:00:00Z') });
  const r = verifyPem({ chain: l + int, roots: root, at: AT });
  assert.deepEqual(
    r.problems.map((p) => `${p.error}@${p.depth}`),
    ['10@1', '9@0'],
  );
  assert.match(r.problems[0].cause, /the intermediate `CN=Int` expired at 2026-05-01T00:00:00.000Z \(checked at 2026-06-01T00:00:00.000Z\)/);
});
