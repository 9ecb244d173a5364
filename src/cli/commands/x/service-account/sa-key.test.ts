import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, jwtVerify, type JWK } from 'jose';
import type { MeshError } from '../../../../api/index.js';
import { UsageError } from '../../../../command/index.js';
import { encodeKey, parseExpiration, parseSigningKey, signToken, type IssuedKey } from './sa-key.js';

async function issued(kind: 'rsa' | 'ec'): Promise<{ key: IssuedKey; publicKey: KeyObject }> {
  const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const id = await calculateJwkThumbprint((await exportJWK(pair.publicKey)) as JWK);
  const algorithm = kind === 'rsa' ? 'RS256' : 'ES256';
  return {
    key: {
      id,
      algorithm,
      privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      privateKeyJwk: { ...(await exportJWK(pair.privateKey)) },
    },
    publicKey: pair.publicKey,
  };
}

test('a JWK and a PEM of the same key both sign a token the server would accept: kid = thumbprint, sub = FQN, exp ≤ 1h', async () => {
  for (const kind of ['rsa', 'ec'] as const) {
    const { key, publicKey } = await issued(kind);
    for (const enc of ['JWK', 'PEM']) {
      const k = await parseSigningKey(encodeKey(key, enc), `ci.${enc}`);
      assert.equal(k.kid, key.id);
      assert.equal(k.alg, key.algorithm);
      const now = new Date();
      const jwt = await signToken(k, 'organizations/tetrate/serviceaccounts/ci', 1800, now);
      assert.equal(decodeProtectedHeader(jwt).kid, key.id);
      const { payload } = await jwtVerify(jwt, publicKey, { subject: 'organizations/tetrate/serviceaccounts/ci' });
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 1800);
      assert.equal(decodeJwt(jwt).iat, Math.floor(now.getTime() / 1000));
    }
  }
});

test('unusable key files are refused with the file named: public JWK, garbage, edited kid, a public PEM', async () => {
  const { key } = await issued('rsa');
  const pub = { ...key.privateKeyJwk };
  delete pub.d;
  await assert.rejects(
    parseSigningKey(JSON.stringify(pub), 'pub.jwk'),
    (e: MeshError) => e.code === 'MB2030' && /pub\.jwk: this JWK has no private part/.test(e.message),
  );
  await assert.rejects(parseSigningKey('hello', 'x.txt'), /x\.txt: neither a JWK/);
  await assert.rejects(parseSigningKey(JSON.stringify({ ...key.privateKeyJwk, kid: 'other' }), 'k.jwk'), /"kid" other is not the key's thumbprint/);
  await assert.rejects(parseSigningKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'p.pem'), /p\.pem: this PEM is not a private key/);
  await assert.rejects(parseSigningKey('{"kty":"RSA","d":"x"', 'broken.jwk'), /broken\.jwk: not a usable private key/);
});

test("--expiration: durations up to the server's 1h; longer, zero or junk is a usage error", () => {
  assert.equal(parseExpiration('30m'), 1800);
  assert.equal(parseExpiration('1h'), 3600);
  assert.equal(parseExpiration('90s'), 90);
  assert.throws(
    () => parseExpiration('2h'),
    (e: Error) => e instanceof UsageError && /longer than the 1h/.test(e.message),
  );
  assert.throws(() => parseExpiration('soon'), /not a duration/);
  assert.throws(() => parseExpiration('500ms'), /shorter than one second/);
});

test('--key-encoding: JWK carries kid and alg; PEM is the PKCS#8 text; others are refused', async () => {
  const { key } = await issued('ec');
  const jwk = JSON.parse(encodeKey(key, 'jwk')) as Record<string, unknown>;
  assert.equal(jwk.kid, key.id);
  assert.equal(jwk.alg, 'ES256');
  assert.match(encodeKey(key, 'PEM'), /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n$/);
  assert.throws(() => encodeKey(key, 'DER'), /--key-encoding: "DER" is not an encoding/);
});
