import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, isMeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../contracts.js';
import { sqliteStore, putResource } from '../../../test/support/stores.js';
import { FAST_SCRYPT, basic, testApp } from '../../../test/support/auth-app.js';
import { LoginLimiter, createAuth, hashPassword, passwordSecret, type AuthLog } from './index.js';
import { membersChanged } from './auth-service.js';

async function setup(t: TestContext, opts: { accessTtlSeconds?: number; limiter?: LoginLimiter; log?: AuthLog } = {}) {
  const store = await sqliteStore(t);
  const h = await testApp(store, opts);
  await h.auth.bootstrapAdmin('o', 'admin-password');
  await putResource(store, 'organizations/o/users/alice', 'User', { loginName: 'alice@example.com' });
  const hash = await hashPassword('alice-password', FAST_SCRYPT);
  await store.write('t', (tx) => tx.putSecret(passwordSecret('organizations/o/users/alice'), hash));
  return { store, ...h };
}

async function login(app: Awaited<ReturnType<typeof setup>>['app'], username: string, password: string) {
  return app.inject({ method: 'POST', url: '/v2/auth/login', payload: { username, password } });
}

test('login returns an access and a refresh token; both token headers authenticate', async (t) => {
  const { app } = await setup(t);
  const res = await login(app, 'alice@example.com', 'alice-password');
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.expiresIn, 900);
  for (const headers of [{ authorization: `Bearer ${body.accessToken}` }, { 'x-tetrate-token': body.accessToken }]) {
    const who = await app.inject({ method: 'GET', url: '/v2/whoami', headers });
    assert.deepEqual(who.json(), { subject: 'organizations/o/users/alice', kind: 'user', organization: 'o', username: 'alice@example.com' });
  }
  assert.equal((await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${body.refreshToken}` } })).statusCode, 401);
});

test('a token wins over Basic credentials when both are sent', async (t) => {
  const { app } = await setup(t);
  const { accessToken } = (await login(app, 'alice@example.com', 'alice-password')).json();
  const who = await app.inject({
    method: 'GET',
    url: '/v2/whoami',
    headers: { authorization: basic('admin', 'admin-password'), 'x-tetrate-token': accessToken },
  });
  assert.equal(who.json().subject, 'organizations/o/users/alice');
});

test('wrong password, unknown user, missing and malformed credentials are 401 MB1010', async (t) => {
  const { app } = await setup(t);
  for (const headers of [
    { authorization: basic('alice@example.com', 'nope') },
    { authorization: basic('mallory', 'x') },
    {},
    { authorization: 'Bearer not.a.jwt' },
    { authorization: 'Basic !!!' },
  ]) {
    const res = await app.inject({ method: 'GET', url: '/v2/whoami', headers });
    assert.equal(res.statusCode, 401, JSON.stringify(headers));
    assert.equal(res.json().code, 'MB1010');
  }
});

test('an expired token is TokenExpired (so tctl refreshes) and a tampered one Unauthenticated', async (t) => {
  const { app, store } = await setup(t);
  const expired = createAuth({ store, dataDir: '/x', organization: 'o', accessTtlSeconds: -60 });
  const hash = (await store.reader.getSecret(passwordSecret('organizations/o/users/alice'))) as string;
  const pair = await expired.authenticator.tokens.issue({ sub: 'organizations/o/users/alice', org: 'o', name: 'alice', passwordHash: hash });
  const res = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${pair.accessToken}` } });
  assert.equal(res.json().code, 'MB1011');
  const good = (await login(app, 'alice@example.com', 'alice-password')).json().accessToken as string;
  const [h, p, s] = good.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'organizations/o/users/admin' })).toString('base64url')}.${s}`;
  assert.equal((await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${tampered}` } })).json().code, 'MB1010');
});

test("a second server on the same store accepts the first one's tokens", async (t) => {
  const { app, store } = await setup(t);
  const { accessToken } = (await login(app, 'alice@example.com', 'alice-password')).json();
  const other = createAuth({ store, dataDir: '/y', organization: 'o' });
  assert.equal((await other.authenticate({ authorization: `Bearer ${accessToken}` }, '::1')).subject, 'organizations/o/users/alice');
});

test('refresh issues a new pair; a password change revokes the refresh token', async (t) => {
  const { app } = await setup(t);
  const { refreshToken, accessToken } = (await login(app, 'alice@example.com', 'alice-password')).json();
  const r = await app.inject({ method: 'POST', url: '/v2/auth/refresh', payload: { refreshToken } });
  assert.equal(r.statusCode, 200);
  assert.ok(r.json().accessToken);
  assert.equal((await app.inject({ method: 'POST', url: '/v2/auth/refresh', payload: { refreshToken: accessToken } })).statusCode, 401);
  const change = await app.inject({
    method: 'PUT',
    url: '/v2/organizations/o/users/alice/password',
    headers: { authorization: `Bearer ${accessToken}` },
    payload: { password: 'a-new-password', currentPassword: 'alice-password' },
  });
  assert.equal(change.statusCode, 204);
  const again = await app.inject({ method: 'POST', url: '/v2/auth/refresh', payload: { refreshToken } });
  assert.equal(again.statusCode, 401);
  assert.match(again.json().detail, /revoked by a password change/);
  assert.equal((await login(app, 'alice@example.com', 'a-new-password')).statusCode, 200);
});

test('changing passwords: self needs the current one, an admin needs SET_POLICY, others get 404', async (t) => {
  const { app, store } = await setup(t);
  const alice = { authorization: basic('alice@example.com', 'alice-password') };
  const url = '/v2/organizations/o/users/alice/password';
  const noCurrent = await app.inject({ method: 'PUT', url, headers: alice, payload: { password: 'brand-new-pass' } });
  assert.equal(noCurrent.statusCode, 400);
  assert.equal(noCurrent.json().field, 'currentPassword');
  const weak = await app.inject({ method: 'PUT', url, headers: alice, payload: { password: 'short', currentPassword: 'alice-password' } });
  assert.equal(weak.json().field, 'password');
  const byAlice = await app.inject({ method: 'PUT', url: '/v2/organizations/o/users/admin/password', headers: alice, payload: { password: 'hijacked-pass' } });
  assert.equal(byAlice.statusCode, 404);
  const byAdmin = await app.inject({ method: 'PUT', url, headers: { authorization: basic('admin', 'admin-password') }, payload: { password: 'set-by-admin' } });
  assert.equal(byAdmin.statusCode, 204);
  assert.equal((await login(app, 'alice@example.com', 'set-by-admin')).statusCode, 200);
  assert.equal(
    (
      await app.inject({
        method: 'PUT',
        url: '/v2/organizations/o/users/ghost/password',
        headers: { authorization: basic('admin', 'admin-password') },
        payload: { password: 'whatever-pass' },
      })
    ).statusCode,
    404,
  );
  void store;
});

test('repeated failed logins are slowed down with Retry-After; the right password works after the window', async (t) => {
  let clock = 1_000_000;
  const { app } = await setup(t, { limiter: new LoginLimiter({ now: () => clock }) });
  for (let i = 0; i < 5; i++) assert.equal((await login(app, 'alice@example.com', `wrong-${i}`)).statusCode, 401);
  const locked = await login(app, 'alice@example.com', 'alice-password');
  assert.equal(locked.statusCode, 429);
  assert.equal(locked.json().code, 'MB1013');
  assert.equal(locked.headers['retry-after'], '1');
  assert.equal(locked.json().retryAfter, 1);
  clock += 1000;
  assert.equal((await login(app, 'alice@example.com', 'alice-password')).statusCode, 200);
});

test('deleting a user removes its password and grants, so a re-created user inherits neither', async (t) => {
  const { store, auth, rbac } = await setup(t);
  await store.write('t', (tx) =>
    tx.setPolicy('organizations/o', [{ role: 'rbac/admin', subjects: [{ user: 'organizations/o/users/admin' }, { user: 'organizations/o/users/alice' }] }]),
  );
  const hook = auth.hooks.find((h) => h.kind === 'User');
  await store.write('t', async (tx) => {
    await tx.remove('organizations/o/users/alice');
    await hook?.afterDelete?.(tx, 'organizations/o/users/alice');
  });
  assert.equal(await store.reader.getSecret(passwordSecret('organizations/o/users/alice')), undefined);
  await putResource(store, 'organizations/o/users/alice', 'User', { loginName: 'alice@example.com' });
  await assert.rejects(auth.authenticate({ authorization: basic('alice@example.com', 'alice-password') }, '10.1.1.1'), (e: unknown) =>
    isMeshError(e, CoreErrors.Unauthenticated),
  );
  const alice = { subject: 'organizations/o/users/alice', kind: 'user' as const, organization: 'o', username: 'alice' };
  assert.equal(await rbac.can(alice, 'READ', 'organizations/o'), false);
  assert.equal(await rbac.can({ ...alice, subject: 'organizations/o/users/admin' }, 'SET_POLICY', 'organizations/o'), true);
});

test('security events are logged without secrets: login, failure, lockout, password change', async (t) => {
  const events: Record<string, unknown>[] = [];
  const log: AuthLog = { info: (o) => events.push(o as Record<string, unknown>), warn: (o) => events.push(o as Record<string, unknown>) };
  const { app } = await setup(t, { log });
  for (let i = 0; i < 6; i++) await login(app, 'alice@example.com', `wrong-secret-${i}`);
  await login(app, 'admin', 'admin-password');
  await app.inject({
    method: 'PUT',
    url: '/v2/organizations/o/users/alice/password',
    headers: { authorization: basic('admin', 'admin-password') },
    payload: { password: 'changed-secret' },
  });
  assert.deepEqual(
    events.map((e) => e.event),
    ['login-failed', 'login-failed', 'login-failed', 'login-failed', 'login-failed', 'login-locked', 'login', 'password-changed'],
  );
  assert.equal(events[0].username, 'alice@example.com');
  assert.deepEqual(events[7], { event: 'password-changed', subject: 'organizations/o/users/alice', by: 'organizations/o/users/admin' });
  assert.ok(!JSON.stringify(events).includes('secret'), 'no password in any event');
});

test('rotating the signing key voids every issued token; new tokens work on every replica', async (t) => {
  const { app, store } = await setup(t);
  const other = createAuth({ store, dataDir: '/y', organization: 'o', scrypt: FAST_SCRYPT });
  const old = (await login(app, 'alice@example.com', 'alice-password')).json();
  assert.equal((await other.authenticate({ 'x-tetrate-token': old.accessToken }, '::1')).subject, 'organizations/o/users/alice');
  const admin = { authorization: basic('admin', 'admin-password') };
  assert.equal(
    (await app.inject({ method: 'POST', url: '/v2/auth/signing-key/rotate', headers: { authorization: basic('alice@example.com', 'alice-password') } }))
      .statusCode,
    404,
  );
  const rotated = await app.inject({ method: 'POST', url: '/v2/auth/signing-key/rotate', headers: admin });
  assert.equal(rotated.statusCode, 200);
  const stale = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${old.accessToken}` } });
  assert.equal(stale.statusCode, 401);
  assert.match(stale.json().detail, /rotated/);
  assert.equal((await app.inject({ method: 'POST', url: '/v2/auth/refresh', payload: { refreshToken: old.refreshToken } })).statusCode, 401);
  const fresh = (await login(app, 'alice@example.com', 'alice-password')).json();
  assert.equal((await other.authenticate({ 'x-tetrate-token': fresh.accessToken }, '::1')).subject, 'organizations/o/users/alice');
});

test('a token of a deleted user does not work for a namesake created later', async (t) => {
  const { app, store } = await setup(t);
  const { accessToken, refreshToken } = (await login(app, 'alice@example.com', 'alice-password')).json();
  await store.write('t', (tx) => tx.remove('organizations/o/users/alice'));
  await putResource(store, 'organizations/o/users/alice', 'User', { loginName: 'alice@example.com' });
  const res = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { authorization: `Bearer ${accessToken}` } });
  assert.equal(res.statusCode, 401);
  assert.match(res.json().detail, /deleted user/);
  assert.equal((await app.inject({ method: 'POST', url: '/v2/auth/refresh', payload: { refreshToken } })).statusCode, 401);
});

/** Adds `role` for `user` on the organization, keeping the bindings already there (admin's). */
async function grantOnOrg(store: Store, role: string, user: string): Promise<void> {
  const cur = await store.reader.getPolicy('organizations/o');
  await store.write('t', (tx) => tx.setPolicy('organizations/o', [...(cur?.allow ?? []), { role, subjects: [{ user: `organizations/o/users/${user}` }] }]));
}

test('an organization editor or writer inherits WRITE on users/admin but may not set its password: 403 naming SET_POLICY', async (t) => {
  const { app, store } = await setup(t);
  for (const [name, role] of [
    ['eve', 'rbac/editor'],
    ['wes', 'rbac/writer'],
  ]) {
    await putResource(store, `organizations/o/users/${name}`, 'User');
    const hash = await hashPassword(`${name}-password`, FAST_SCRYPT);
    await store.write('t', (tx) => tx.putSecret(passwordSecret(`organizations/o/users/${name}`), hash));
    await grantOnOrg(store, role, name);
    const headers = { authorization: basic(name, `${name}-password`) };
    for (const target of ['admin', 'alice']) {
      const res = await app.inject({ method: 'PUT', url: `/v2/organizations/o/users/${target}/password`, headers, payload: { password: 'taken-over-pass' } });
      assert.equal(res.statusCode, 403, `${name} (${role}) on ${target}: ${res.body}`);
      assert.equal(res.json().code, 'MB1012');
      assert.match(res.json().detail, new RegExp(`permission SET_POLICY on organizations/o/users/${target} is missing`));
    }
  }
  assert.equal((await login(app, 'admin', 'taken-over-pass')).statusCode, 401, 'the admin password is unchanged');
  assert.equal((await login(app, 'admin', 'admin-password')).statusCode, 200);
});

test('membersChanged: any added or removed member counts, order does not', () => {
  assert.equal(membersChanged(undefined, { members: [] }), false);
  assert.equal(membersChanged(undefined, {}), false);
  assert.equal(membersChanged(undefined, { members: ['u'] }), true);
  assert.equal(membersChanged({ members: ['a', 'b'] }, { members: ['b', 'a'] }), false);
  assert.equal(membersChanged({ members: ['a', 'b'] }, { members: ['a'] }), true);
  assert.equal(membersChanged({ members: ['a'] }, { members: ['a', 'b'] }), true);
  assert.equal(membersChanged({ members: ['a', 'b'] }, { members: ['a', 'c'] }), true);
});

test('the Team hook: changing members needs SET_POLICY on the team; other changes and empty creates do not', async (t) => {
  const { store, auth } = await setup(t);
  await putResource(store, 'organizations/o/users/eve', 'User');
  await grantOnOrg(store, 'rbac/editor', 'eve');
  const hook = auth.hooks.find((h) => h.kind === 'Team');
  const eve: Principal = { subject: 'organizations/o/users/eve', kind: 'user', organization: 'o', username: 'eve' };
  const admin: Principal = { subject: 'organizations/o/users/admin', kind: 'user', organization: 'o', username: 'admin' };
  const fqn = 'organizations/o/teams/admins';
  const before = await putResource(store, fqn, 'Team', { members: ['organizations/o/users/admin'], description: 'x' });
  const after = (spec: Record<string, unknown>) => ({
    fqn,
    parent: 'organizations/o',
    apiVersion: before.apiVersion,
    kind: 'Team',
    name: 'admins',
    metadata: {},
    spec,
  });
  const check = (p: Principal, b: typeof before | undefined, spec: Record<string, unknown>) =>
    store.write('t', (tx) => hook?.beforeWrite?.(tx, p, b, after(spec)) ?? Promise.reject(new Error('no Team beforeWrite hook')));
  const forbidden = (e: unknown) =>
    isMeshError(e, CoreErrors.Forbidden) && /permission SET_POLICY on organizations\/o\/teams\/admins is missing/.test((e as Error).message);
  await assert.rejects(check(eve, before, { members: ['organizations/o/users/admin', 'organizations/o/users/eve'] }), forbidden);
  await assert.rejects(check(eve, undefined, { members: ['organizations/o/users/eve'] }), forbidden);
  await check(eve, before, { members: ['organizations/o/users/admin'], description: 'renamed' });
  await check(eve, undefined, { members: [] });
  await check(admin, before, { members: ['organizations/o/users/eve'] });
});
