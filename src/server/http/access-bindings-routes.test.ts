import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteStore, putResource } from '../../../test/support/stores.js';
import { FAST_SCRYPT, basic, testApp } from '../../../test/support/auth-app.js';
import { hashPassword, passwordSecret } from '../auth/index.js';

const T = 'organizations/o/tenants/t';
const W = `${T}/workspaces/w`;
const admin = { authorization: basic('admin', 'admin-password') };
const bob = { authorization: basic('bob', 'bob-password') };

async function setup(t: TestContext) {
  const store = await sqliteStore(t);
  const h = await testApp(store);
  await h.auth.bootstrapAdmin('o', 'admin-password');
  await putResource(store, T, 'Tenant');
  await putResource(store, W, 'Workspace');
  await putResource(store, 'organizations/o/users/bob', 'User');
  await putResource(store, 'organizations/o/teams/devs', 'Team', { members: ['organizations/o/users/bob'] });
  const hash = await hashPassword('bob-password', FAST_SCRYPT);
  await store.write('t', (tx) => tx.putSecret(passwordSecret('organizations/o/users/bob'), hash));
  return { store, ...h };
}

test('an admin reads empty bindings, replaces them, and the grant takes effect at once', async (t) => {
  const { app } = await setup(t);
  const url = `/v2/${W}/accessbindings`;
  const empty = await app.inject({ method: 'GET', url, headers: admin });
  assert.deepEqual(empty.json(), { fqn: W, allow: [], etag: '' });
  assert.equal((await app.inject({ method: 'GET', url: `/v2/${W}`, headers: bob })).statusCode, 404);
  const put = await app.inject({
    method: 'PUT',
    url,
    headers: admin,
    payload: { allow: [{ role: 'organizations/o/roles/writer', subjects: [{ team: 'organizations/o/teams/devs' }] }] },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json().allow, [{ role: 'rbac/writer', subjects: [{ team: 'organizations/o/teams/devs' }] }]);
  // bob now reads the workspace, so a SET_POLICY attempt is Forbidden rather than NotFound.
  const denied = await app.inject({ method: 'PUT', url, headers: bob, payload: { allow: [] } });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().detail, `permission SET_POLICY on ${W} is missing`);
  assert.equal((await app.inject({ method: 'GET', url, headers: bob })).statusCode, 403);
  assert.equal((await app.inject({ method: 'GET', url: `/v2/${T}/accessbindings`, headers: bob })).statusCode, 404);
});

test('replacing bindings needs the current etag once they exist', async (t) => {
  const { app } = await setup(t);
  const url = `/v2/${T}/accessbindings`;
  const body = { allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/o/users/bob' }] }] };
  const first = await app.inject({ method: 'PUT', url, headers: admin, payload: body });
  const etag = first.json().etag as string;
  const missing = await app.inject({ method: 'PUT', url, headers: admin, payload: body });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().field, 'etag');
  const stale = await app.inject({ method: 'PUT', url, headers: admin, payload: { ...body, etag: '"stale"' } });
  assert.equal(stale.statusCode, 409);
  assert.ok(stale.json().detail.includes(etag) && stale.json().detail.includes('"stale"'));
  const ok = await app.inject({
    method: 'PUT',
    url,
    headers: admin,
    payload: { apiVersion: 'rbac.tsb.tetrate.io/v2', kind: 'AccessBindings', metadata: { resourceVersion: etag }, spec: { allow: [] } },
  });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json().allow, []);
});

test('bad bodies are 400s naming the field; unknown roles are RoleNotFound', async (t) => {
  const { app } = await setup(t);
  const url = `/v2/${T}/accessbindings`;
  const cases: [unknown, string, string][] = [
    [[], 'body', 'MB1001'],
    [{}, 'allow', 'MB1001'],
    [{ allow: [{ role: 'rbac/owner', subjects: [{ user: 'organizations/o/users/bob' }] }] }, 'allow[0].role', 'MB1019'],
    [{ allow: [{ role: 'rbac/reader', subjects: [] }] }, 'allow[0].subjects', 'MB1001'],
    [{ allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/o/users/ghost' }] }] }, 'allow[0].subjects[0].user', 'MB1001'],
    [{ allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/o/teams/devs' }] }] }, 'allow[0].subjects[0].user', 'MB1001'],
    [{ allow: [{ role: 'rbac/reader', subjects: [{ user: 'nope' }] }] }, 'allow[0].subjects[0].user', 'MB1001'],
    [{ allow: [{ role: 'rbac/reader', subjects: [{ group: 'x' }] }] }, 'allow[0].subjects[0]', 'MB1001'],
    [{ allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/o/users/bob' }], extra: 1 }] }, 'allow[0].extra', 'MB1001'],
    [{ allow: [], etag: 7 }, 'etag', 'MB1001'],
  ];
  for (const [payload, field, code] of cases) {
    const res = await app.inject({ method: 'PUT', url, headers: admin, payload: payload as object });
    assert.equal(res.json().code, code, `${JSON.stringify(payload)} → ${res.body}`);
    assert.equal(res.json().field, field, JSON.stringify(payload));
  }
  assert.equal((await app.inject({ method: 'GET', url: '/v2/organizations/o/tenants/missing/accessbindings', headers: admin })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/v2/organizations/o/bogus/x/accessbindings', headers: admin })).json().code, 'MB1008');
  assert.equal((await app.inject({ method: 'GET', url: `/v2/${T}/accessbindings` })).statusCode, 401);
});

test('GET /v2/{fqn}/permissions lists what the caller may do there, and hides what it may not read', async (t) => {
  const { app } = await setup(t);
  const grant = await app.inject({
    method: 'PUT',
    url: `/v2/${T}/accessbindings`,
    headers: admin,
    payload: { allow: [{ role: 'rbac/creator', subjects: [{ user: 'organizations/o/users/bob' }] }] },
  });
  assert.equal(grant.statusCode, 200);
  assert.deepEqual((await app.inject({ method: 'GET', url: `/v2/${W}/permissions`, headers: bob })).json(), { fqn: W, permissions: ['READ', 'CREATE'] });
  assert.deepEqual((await app.inject({ method: 'GET', url: `/v2/${W}/permissions`, headers: admin })).json().permissions, [
    'READ',
    'WRITE',
    'CREATE',
    'DELETE',
    'SET_POLICY',
    'GET_POLICY',
  ]);
  assert.equal((await app.inject({ method: 'GET', url: '/v2/organizations/o/permissions', headers: bob })).statusCode, 404);
});

test('PUT /v2/accessbindings applies a TSB per-level AccessBindings document, etag optional', async (t) => {
  const { app } = await setup(t);
  const doc = {
    apiVersion: 'rbac.tsb.tetrate.io/v2',
    kind: 'WorkspaceAccessBindings',
    metadata: { organization: 'o', tenant: 't', workspace: 'w' },
    spec: { allow: [{ role: 'rbac/creator', subjects: [{ team: 'organizations/o/teams/devs' }] }] },
  };
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ method: 'PUT', url: '/v2/accessbindings', headers: admin, payload: doc });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().fqn, W);
  }
  const stale = await app.inject({
    method: 'PUT',
    url: '/v2/accessbindings',
    headers: admin,
    payload: { ...doc, metadata: { ...doc.metadata, resourceVersion: '"old"' } },
  });
  assert.equal(stale.statusCode, 409);
  assert.equal((await app.inject({ method: 'PUT', url: '/v2/accessbindings', headers: bob, payload: doc })).statusCode, 403);
  assert.equal((await app.inject({ method: 'PUT', url: '/v2/accessbindings', headers: admin, payload: { ...doc, kind: 'Nope' } })).json().field, 'kind');
});
