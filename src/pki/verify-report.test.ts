import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isMeshError } from '../api/index.js';
import { createCertificate, keyIdentifier } from './issue.js';
import { toPem } from './pem.js';
import { KU } from './certificate.js';
import { parseVerifyFlags, verifiersReport, formatVerifiers } from './verify-report.js';
import { verifyWith } from './verifiers.js';

const AT = new Date('2026-06-01T00:00:00Z');

test('bad flag values are errors naming the flag (MB4700-MB4704), never silently dropped', () => {
  const code = (f: Parameters<typeof parseVerifyFlags>[0]) => {
    try {
      parseVerifyFlags(f);
      return 'accepted';
    } catch (e) {
      return isMeshError(e) ? `${e.code} ${e.field}` : String(e);
    }
  };
  assert.equal(code({ verifier: 'boringssl' }), 'MB4700 --verifier');
  assert.equal(code({ ip: '10.0.0' }), 'MB4701 --ip');
  assert.equal(code({ maxDepth: '-1' }), 'MB4702 --max-depth');
  assert.equal(code({ maxDepth: '101' }), 'MB4702 --max-depth');
  assert.equal(code({ san: 'not a uri' }), 'MB4703 --san');
  assert.equal(code({ hostname: '10.0.0.1:80' }), 'MB4704 --hostname');
  assert.deepEqual(parseVerifyFlags({ verifier: 'all', ip: '::1', maxDepth: '2', partialChain: true }), {
    verifier: 'all',
    hostname: undefined,
    ip: [...Array(15).fill(0), 1],
    san: undefined,
    maxDepth: 2,
    partialChain: true,
  });
});

test('--verifier all: one row per verifier in the table and in JSON; a SHA-1 leaf passes openssl and fails webpki, with depth, name, rule, cause and fix', async () => {
  const rk = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const lk = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const base = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') };
  const root = toPem(
    await createCertificate({
      ...base,
      subject: 'CN=Root',
      publicKey: rk.publicKey,
      signingKey: rk.privateKey,
      serialHex: '01',
      basicConstraints: { ca: true },
      keyUsage: KU.keyCertSign,
    }),
  );
  const leaf = toPem(
    await createCertificate({
      ...base,
      subject: '',
      issuer: 'CN=Root',
      publicKey: lk.publicKey,
      signingKey: rk.privateKey,
      serialHex: '02',
      hash: 'SHA-1',
      basicConstraints: { ca: false },
      keyUsage: KU.digitalSignature,
      akiKeyId: keyIdentifier(rk.publicKey),
      sans: [{ type: 'uri', value: 'spiffe://cluster.local/ns/shop/sa/web' }],
      sanCritical: true,
    }),
  );
  const r = verifyWith({ chain: leaf, roots: root, at: AT, verifier: 'all', san: 'spiffe://cluster.local/ns/shop/sa/web' });
  assert.deepEqual(
    r.rows.map((x) => [x.verifier, x.ok]),
    [
      ['openssl', true],
      ['strict', false],
      ['webpki', false],
      ['go', false],
      ['chrome', false],
      ['pyca', false],
    ],
  );
  const j = verifiersReport(r) as {
    ok: boolean;
    verifiers: { verifier: string; ok: boolean; problems: { depth: number; name: string; error: string; cause: string; fix: string }[] }[];
  };
  assert.equal(j.ok, false);
  const webpki = j.verifiers.find((v) => v.verifier === 'webpki');
  assert.deepEqual(
    webpki?.problems.map((p) => [p.depth, p.name, p.error]),
    [[0, 'spiffe://cluster.local/ns/shop/sa/web', 'sha1-signature']],
  );
  assert.match(webpki?.problems[0].fix ?? '', /SHA-256/);
  const text = formatVerifiers(r, 'chain.pem');
  assert.match(text, /^openssl +OK +0 +Envoy/m);
  assert.match(text, /^webpki +FAILED +1 +ztunnel \(rustls-webpki\)/m);
  assert.match(text, /rejected by: strict, webpki, go, chrome, pyca/);
});
