import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importJWK, importPKCS8, type JWK } from 'jose';
import { sqliteStore, putResource } from '../../../test/support/stores.js';
import { FAST_SCRYPT, basic, testApp } from '../../../test/support/auth-app.js';
import type { IssuedServiceAccountKey } from './index.js';

const SA = 'organizations/o/serviceaccounts/ci';

async function setup(t: TestContext) {
  const store = await sqliteStore(t);
  const h = await testApp(store);
  await h.auth.bootstrapAdmin('o', 'admin-password');
  const hook = h.auth.hooks.find((x) => x.kind === 'ServiceAccount');
  const { result } = await store.write('t', async (tx) => {
    const res = await tx.put(
      { fqn: SA, parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'ServiceAccount', name: 'ci', metadata: {}, spec: {} },
      null,
    );
    return hook?.afterCreate?.(tx, res);
  });
  const key = (result as { serviceAccount: { keys: IssuedServiceAccountKey[] } }).serviceAccount.keys[0];
  return { store, key, ...h };
}

async function sign(key: IssuedServiceAccountKey, claims: { sub?: string; exp?: number | string; iat?: number; kid?: string } = {}): Promise<string> {
  const priv = await importJWK(key.privateKeyJwk as JWK, key.algorithm);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: key.algorithm, kid: claims.kid ?? key.id })
    .setSubject(claims.sub ?? SA)
    .setIssuedAt(claims.iat);
  return (claims.exp === undefined ? jwt.setExpirationTime('5m') : jwt.setExpirationTime(claims.exp)).sign(priv);
}

test('creating a service account returns its key pair once, as PEM and JWK, and stores only the public half', async (t) => {
  const { store, key } = await setup(t);
  assert.equal(key.algorithm, 'RS256');
  assert.match(key.privateKey, /^-----BEGIN PRIVATE KEY-----/);
  assert.match(key.publicKey, /^-----BEGIN PUBLIC KEY-----/);
  assert.equal(key.privateKeyJwk.kid, key.id);
  await importPKCS8(key.privateKey, 'RS256');
  const stored = (await store.reader.getSecret(`serviceaccount-keys/${SA}`)) as string;
  assert.ok(stored.includes(key.id));
  assert.ok(!stored.includes('"d"'), 'no private exponent in the store');
});

test('a service account authenticates with a JWT it signs itself (RS256 and ES256) or with its default token', async (t) => {
  const { app, key } = await setup(t);
  const es = (
    await app.inject({ method: 'POST', url: `/v2/${SA}/keys`, headers: { authorization: basic('admin', 'admin-password') }, payload: { algorithm: 'ES256' } })
  ).json().keys[0];
  assert.equal(es.algorithm, 'ES256');
  for (const token of [await sign(key), await sign(es), key.defaultToken]) {
    const who = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(who.json(), { subject: SA, kind: 'serviceaccount', organization: 'o', username: 'ci' });
  }
});

test('wrong kid, wrong subject, long-lived and expired service-account tokens are refused', async (t) => {
  const { app, key } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  const cases: [string, string][] = [
    [await sign(key, { kid: 'not-a-key' }), 'MB1010'],
    [await sign(key, { sub: 'organizations/o/serviceaccounts/other' }), 'MB1010'],
    [await sign(key, { exp: '2h' }), 'MB1010'],
    [await sign(key, { iat: now + 86400, exp: now + 86400 + 600 }), 'MB1010'],
    [await sign(key, { iat: now - 600, exp: now - 300 }), 'MB1011'],
  ];
  for (const [token, code] of cases) {
    const res = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.json().code, code, res.body);
  }
});

test('keys can be listed, added, rotated and revoked over REST; a revoked key stops working at once', async (t) => {
  const { app, key } = await setup(t);
  const admin = { authorization: basic('admin', 'admin-password') };
  const url = `/v2/${SA}/keys`;
  const token = await sign(key);
  assert.equal((await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  const added = await app.inject({ method: 'POST', url, headers: admin, payload: { algorithm: 'ES256' } });
  assert.equal(added.statusCode, 201);
  const second = added.json().keys[0] as IssuedServiceAccountKey;
  assert.deepEqual(
    (await app.inject({ method: 'GET', url, headers: admin })).json().keys.map((k: { id: string }) => k.id),
    [key.id, second.id],
  );
  assert.equal((await app.inject({ method: 'DELETE', url: `${url}/${key.id}`, headers: admin })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${await sign(second)}` } })).statusCode, 200);
  const rotated = await app.inject({ method: 'POST', url, headers: admin, payload: { rotate: true } });
  const third = rotated.json().keys[0] as IssuedServiceAccountKey;
  assert.deepEqual(
    (await app.inject({ method: 'GET', url, headers: admin })).json().keys.map((k: { id: string }) => k.id),
    [third.id],
  );
  assert.equal((await app.inject({ method: 'DELETE', url: `${url}/nope`, headers: admin })).statusCode, 404);
  assert.equal((await app.inject({ method: 'POST', url, headers: admin, payload: { algorithm: 'HS256' } })).json().field, 'algorithm');
});

test('a user without rights on the service account sees 404 for its keys', async (t) => {
  const { app, store } = await setup(t);
  await putResource(store, 'organizations/o/users/eve', 'User');
  const { hashPassword, passwordSecret } = await import('./index.js');
  const hash = await hashPassword('eve-password', FAST_SCRYPT);
  await store.write('t', (tx) => tx.putSecret(passwordSecret('organizations/o/users/eve'), hash));
  const res = await app.inject({ method: 'POST', url: `/v2/${SA}/keys`, headers: { authorization: basic('eve', 'eve-password') }, payload: {} });
  assert.equal(res.statusCode, 404);
});

test('an organization editor may not add, rotate or revoke keys of a service account (that would let it act as it, or cut it off): 403 naming SET_POLICY', async (t) => {
  const { app, store, key } = await setup(t);
  await putResource(store, 'organizations/o/users/eve', 'User');
  const { hashPassword, passwordSecret } = await import('./index.js');
  const hash = await hashPassword('eve-password', FAST_SCRYPT);
  await store.write('t', (tx) => tx.putSecret(passwordSecret('organizations/o/users/eve'), hash));
  const cur = await store.reader.getPolicy('organizations/o');
  await store.write('t', (tx) =>
    tx.setPolicy('organizations/o', [...(cur?.allow ?? []), { role: 'rbac/editor', subjects: [{ user: 'organizations/o/users/eve' }] }]),
  );
  const eve = { authorization: basic('eve', 'eve-password') };
  for (const payload of [{}, { rotate: true }]) {
    const res = await app.inject({ method: 'POST', url: `/v2/${SA}/keys`, headers: eve, payload });
    assert.equal(res.statusCode, 403, res.body);
    assert.match(res.json().detail, /permission SET_POLICY on organizations\/o\/serviceaccounts\/ci is missing/);
  }
  const listed = await app.inject({ method: 'GET', url: `/v2/${SA}/keys`, headers: eve });
  assert.deepEqual(
    listed.json().keys.map((k: { id: string }) => k.id),
    [key.id],
    'no key was added or rotated',
  );
  // Revoking needs SET_POLICY too (issue 10): an editor could otherwise cut off the account's CI.
  const revoke = await app.inject({ method: 'DELETE', url: `/v2/${SA}/keys/${key.id}`, headers: eve });
  assert.equal(revoke.statusCode, 403, revoke.body);
  assert.match(revoke.json().detail, /permission SET_POLICY on organizations\/o\/serviceaccounts\/ci is missing/);
});
