// Credentials end to end against the real `meshbridge server` process: login/refresh/whoami,
// password change revoking refresh tokens, the failed-login brake with Retry-After, service-account
// keys (create → self-signed JWT → revoke), and a deleted user's namesake inheriting nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importPKCS8 } from 'jose';
import { basicHeader, startAuthServer, type Answer } from './_server.js';

const ADMIN = basicHeader('admin', 'admin-password-1');
const ORG = 'organizations/o';

function expectStatus(r: Answer, status: number, what: string): Answer {
  assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
  return r;
}

test('credentials over HTTPS against the real meshbridge server', async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'alice', user: { loginName: 'alice' } }), 201, 'create alice');
  expectStatus(await s.call('PUT', `/v2/${ORG}/users/alice/password`, ADMIN, { password: 'alice-password' }), 204, 'set password');
  expectStatus(await s.call('POST', `/v2/${ORG}/tenants`, ADMIN, { name: 't', tenant: {} }), 201, 'tenant');
  const before = (await s.call('GET', `/v2/${ORG}/tenants/t/accessbindings`, ADMIN)).body;
  expectStatus(
    await s.call('PUT', `/v2/${ORG}/tenants/t/accessbindings`, ADMIN, {
      allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/alice` }] }],
      etag: before.etag,
    }),
    200,
    'grant',
  );

  await t.test('login, whoami with x-tetrate-token, refresh; a password change revokes the refresh token', async () => {
    const tokens = expectStatus(await s.call('POST', '/v2/auth/login', {}, { username: 'alice', password: 'alice-password' }), 200, 'login').body;
    assert.equal(tokens.expiresIn, 900);
    const who = expectStatus(await s.call('GET', '/v2/whoami', { 'x-tetrate-token': tokens.accessToken as string }), 200, 'whoami').body;
    assert.deepEqual(who, { subject: `${ORG}/users/alice`, kind: 'user', organization: 'o', username: 'alice' });
    expectStatus(await s.call('POST', '/v2/auth/refresh', {}, { refreshToken: tokens.refreshToken }), 200, 'refresh');
    expectStatus(
      await s.call(
        'PUT',
        `/v2/${ORG}/users/alice/password`,
        { authorization: `Bearer ${tokens.accessToken}` },
        { currentPassword: 'alice-password', password: 'alice-password-2' },
      ),
      204,
      'own change',
    );
    const stale = expectStatus(await s.call('POST', '/v2/auth/refresh', {}, { refreshToken: tokens.refreshToken }), 401, 'stale refresh');
    assert.equal(stale.body.code, 'MB1010');
  });

  await t.test('repeated failures from one address are refused with 429 and Retry-After', async () => {
    expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'carol', user: {} }), 201, 'create carol');
    expectStatus(await s.call('PUT', `/v2/${ORG}/users/carol/password`, ADMIN, { password: 'carol-password' }), 204, 'carol password');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await s.call('POST', '/v2/auth/login', {}, { username: 'carol', password: `guess-${i}` })).status);
    assert.deepEqual(codes, [401, 401, 401, 401, 401, 429]);
    const locked = expectStatus(
      await s.call('POST', '/v2/auth/login', {}, { username: 'carol', password: 'carol-password' }),
      429,
      'right password while locked',
    );
    assert.equal(locked.body.code, 'MB1013');
    assert.match(String(locked.headers['retry-after']), /^[12]$/);
  });

  await t.test('a service account signs its own token; revoking the key stops it', async () => {
    const created = expectStatus(await s.call('POST', `/v2/${ORG}/serviceaccounts`, ADMIN, { name: 'ci', serviceAccount: {} }), 201, 'create sa').body;
    const key = (created.serviceAccount as { keys: { id: string; privateKey: string }[] }).keys[0];
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.id })
      .setSubject(`${ORG}/serviceaccounts/ci`)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await importPKCS8(key.privateKey, 'RS256'));
    assert.equal(expectStatus(await s.call('GET', '/v2/whoami', { authorization: `Bearer ${token}` }), 200, 'sa whoami').body.kind, 'serviceaccount');
    const listed = expectStatus(await s.call('GET', `/v2/${ORG}/serviceaccounts/ci/keys`, ADMIN), 200, 'keys').body;
    assert.deepEqual(
      (listed.keys as { id: string }[]).map((k) => k.id),
      [key.id],
    );
    assert.ok(!JSON.stringify(listed).includes('PRIVATE'), 'private key never listed');
    expectStatus(await s.call('DELETE', `/v2/${ORG}/serviceaccounts/ci/keys/${key.id}`, ADMIN), 200, 'revoke');
    // A fresh token (not one the server may have cached) with the revoked key.
    const again = await new SignJWT({ n: 2 })
      .setProtectedHeader({ alg: 'RS256', kid: key.id })
      .setSubject(`${ORG}/serviceaccounts/ci`)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await importPKCS8(key.privateKey, 'RS256'));
    expectStatus(await s.call('GET', '/v2/whoami', { authorization: `Bearer ${again}` }), 401, 'revoked key');
  });

  await t.test('a TSB TenantAccessBindings document applies through PUT /v2/accessbindings', async () => {
    const doc = {
      apiVersion: 'rbac.tsb.tetrate.io/v2',
      kind: 'TenantAccessBindings',
      metadata: { organization: 'o', tenant: 't' },
      spec: { allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/alice` }] }] },
    };
    const applied = expectStatus(await s.call('PUT', '/v2/accessbindings', ADMIN, doc), 200, 'apply').body;
    assert.equal(applied.fqn, `${ORG}/tenants/t`);
    const perms = expectStatus(await s.call('GET', `/v2/${ORG}/tenants/t/permissions`, basicHeader('alice', 'alice-password-2')), 200, 'permissions').body;
    assert.deepEqual(perms.permissions, ['READ']);
  });

  await t.test('a user deleted and re-created under the same name has no password and no grants', async () => {
    expectStatus(await s.call('DELETE', `/v2/${ORG}/users/alice`, ADMIN), 200, 'delete alice');
    const bindings = expectStatus(await s.call('GET', `/v2/${ORG}/tenants/t/accessbindings`, ADMIN), 200, 'bindings').body;
    assert.deepEqual(bindings.allow, []);
    expectStatus(await s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'alice', user: { loginName: 'alice' } }), 201, 're-create alice');
    expectStatus(await s.call('GET', '/v2/whoami', basicHeader('alice', 'alice-password-2')), 401, 'old password');
    expectStatus(await s.call('PUT', `/v2/${ORG}/users/alice/password`, ADMIN, { password: 'new-alice-pass' }), 204, 'new password');
    expectStatus(await s.call('GET', `/v2/${ORG}/tenants/t`, basicHeader('alice', 'new-alice-pass')), 404, 'no inherited grant');
  });
});
