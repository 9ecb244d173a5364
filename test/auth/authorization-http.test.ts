// A slice of the authorization matrix over real HTTP against the real `meshbridge server` process:
// every built-in role granted on a tenant and on a workspace, to a user (bearer token), to a user
// through nested teams (x-tetrate-token) and to a service account (self-signed JWT), × read /
// update / set-policy / get-policy on all nine targets (both tenants) and create / delete of the
// group's child. Status codes must match _matrix.ts exactly: 2xx allow, 403 forbidden, 404 hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importJWK, type JWK } from 'jose';
import { ORG, ROLE_TABLE, T1, T2, TARGETS, expected, type Op } from './_matrix.js';
import { basicHeader, startAuthServer, type Answer, type AuthTestServer } from './_server.js';

const ADMIN = basicHeader('admin', 'admin-password-1');

async function ok(res: Promise<Answer>, what: string): Promise<Answer> {
  const r = await res;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function buildTree(s: AuthTestServer): Promise<void> {
  for (const [i, tree] of [T1, T2].entries()) {
    const ns = `c1/a${i + 1}`;
    await ok(s.call('POST', `/v2/${ORG}/tenants`, ADMIN, { name: tree.tenant.split('/').pop(), tenant: {} }), 'tenant');
    await ok(s.call('POST', `/v2/${tree.tenant}/workspaces`, ADMIN, { name: 'w', workspace: { namespaceSelector: { names: [ns] } } }), 'workspace');
    await ok(
      s.call('POST', `/v2/${tree.workspace}/trafficgroups`, ADMIN, { name: 'g', group: { namespaceSelector: { names: [ns] }, configMode: 'BRIDGED' } }),
      'group',
    );
    await createChild(s, tree.group, 'r', ADMIN);
  }
}

function createChild(s: AuthTestServer, group: string, name: string, headers: Record<string, string>): Promise<Answer> {
  return s.call('POST', `/v2/${group}/serviceroutes`, headers, { name, serviceRoute: { service: 'a1/reviews.a1.svc.cluster.local' } });
}

async function user(s: AuthTestServer, name: string): Promise<void> {
  await ok(s.call('POST', `/v2/${ORG}/users`, ADMIN, { name, user: { loginName: name } }), `user ${name}`);
  await ok(s.call('PUT', `/v2/${ORG}/users/${name}/password`, ADMIN, { password: `${name}-password` }), `password ${name}`);
}

async function login(s: AuthTestServer, name: string): Promise<string> {
  return (await ok(s.call('POST', '/v2/auth/login', {}, { username: name, password: `${name}-password` }), `login ${name}`)).body.accessToken as string;
}

/** Runs one operation as `who`; returns allow/forbidden/notfound, or other:<status>. */
async function attempt(s: AuthTestServer, who: Record<string, string>, op: Op, target: string, seq: number): Promise<string> {
  let r: Answer;
  if (op === 'read') r = await s.call('GET', `/v2/${target}`, who);
  else if (op === 'get-policy') r = await s.call('GET', `/v2/${target}/accessbindings`, who);
  else if (op === 'update') r = await s.call('PUT', `/v2/${target}`, who, (await ok(s.call('GET', `/v2/${target}`, ADMIN), 'admin read')).body);
  else if (op === 'set-policy') {
    const current = (await ok(s.call('GET', `/v2/${target}/accessbindings`, ADMIN), 'admin get-policy')).body;
    r = await s.call('PUT', `/v2/${target}/accessbindings`, who, { allow: current.allow, etag: current.etag });
  } else if (op === 'delete') {
    r = await s.call('DELETE', `/v2/${target}`, who);
    if (r.status === 200) await ok(createChild(s, target.split('/').slice(0, -2).join('/'), 'r', ADMIN), 'restore child');
  } else {
    const group = target.split('/').slice(0, -2).join('/');
    r = await createChild(s, group, `new-${seq}`, who);
    if (r.status === 201) await ok(s.call('DELETE', `/v2/${group}/serviceroutes/new-${seq}`, ADMIN), 'remove created');
  }
  if (r.status >= 200 && r.status < 300) return 'allow';
  if (r.status === 403) return 'forbidden';
  if (r.status === 404) return 'notfound';
  return `other:${r.status} ${JSON.stringify(r.body)}`;
}

test('authorization matrix slice over HTTPS against the real meshbridge server', async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  await buildTree(s);
  await user(s, 'alice');
  await user(s, 'bob');
  await ok(s.call('POST', `/v2/${ORG}/teams`, ADMIN, { name: 'outer', team: { members: [] } }), 'team outer');
  await ok(s.call('POST', `/v2/${ORG}/teams`, ADMIN, { name: 'inner', team: { members: [`${ORG}/users/bob`, `${ORG}/teams/outer`] } }), 'team inner');
  const outer = (await ok(s.call('GET', `/v2/${ORG}/teams/outer`, ADMIN), 'read outer')).body as Record<string, unknown>;
  await ok(s.call('PUT', `/v2/${ORG}/teams/outer`, ADMIN, { ...outer, members: [`${ORG}/teams/inner`] }), 'team cycle');
  const sa = await ok(s.call('POST', `/v2/${ORG}/serviceaccounts`, ADMIN, { name: 'ci', serviceAccount: {} }), 'service account');
  const key = (sa.body.serviceAccount as { keys: { id: string; algorithm: string; privateKeyJwk: JWK }[] }).keys[0];
  const saToken = await new SignJWT({})
    .setProtectedHeader({ alg: key.algorithm, kid: key.id })
    .setSubject(`${ORG}/serviceaccounts/ci`)
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(await importJWK(key.privateKeyJwk, key.algorithm));
  const modes = {
    'user (bearer)': { headers: { authorization: `Bearer ${await login(s, 'alice')}` }, subject: { user: `${ORG}/users/alice` } },
    'nested team (x-tetrate-token)': { headers: { 'x-tetrate-token': await login(s, 'bob') }, subject: { team: `${ORG}/teams/outer` } },
    'service account (own JWT)': { headers: { authorization: `Bearer ${saToken}` }, subject: { serviceAccount: `${ORG}/serviceaccounts/ci` } },
  };
  const ops: readonly Op[] = ['read', 'update', 'set-policy', 'get-policy'];
  const mismatches: string[] = [];
  let checks = 0;
  for (const role of Object.keys(ROLE_TABLE)) {
    for (const [level, grantAt] of Object.entries({ tenant: T1.tenant, workspace: T1.workspace })) {
      for (const [mode, { headers, subject }] of Object.entries(modes)) {
        const before = (await ok(s.call('GET', `/v2/${grantAt}/accessbindings`, ADMIN), 'bindings')).body;
        const granted = await ok(s.call('PUT', `/v2/${grantAt}/accessbindings`, ADMIN, { allow: [{ role, subjects: [subject] }], etag: before.etag }), 'grant');
        const plan: [Op, string][] = [
          ...TARGETS.flatMap((target) => ops.map((op): [Op, string] => [op, target])),
          ['create', T1.child],
          ['delete', T1.child],
          ['create', T2.child],
          ['delete', T2.child],
        ];
        for (const [op, target] of plan) {
          const want = expected(role, grantAt, op, target);
          const got = await attempt(s, headers, op, target, checks++);
          if (got !== want) mismatches.push(`${role} at ${level} to ${mode}: ${op} ${target} → ${got}, expected ${want}`);
        }
        const now = (await ok(s.call('GET', `/v2/${grantAt}/accessbindings`, ADMIN), 'bindings')).body;
        await ok(s.call('PUT', `/v2/${grantAt}/accessbindings`, ADMIN, { allow: [], etag: now.etag ?? granted.body.etag }), 'revoke');
      }
    }
  }
  assert.equal(checks, 5 * 2 * 3 * (TARGETS.length * ops.length + 4));
  assert.deepEqual(mismatches, [], `${mismatches.length} unexpected outcomes`);
});

test('cross-tenant isolation in conflicts: a tenant admin whose workspace overlaps another tenant learns neither that tenant nor its workspace; an organization admin is told the owner', async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  await buildTree(s);
  await user(s, 'alice');
  const before = (await ok(s.call('GET', `/v2/${T1.tenant}/accessbindings`, ADMIN), 'bindings')).body;
  await ok(
    s.call('PUT', `/v2/${T1.tenant}/accessbindings`, ADMIN, { allow: [{ role: 'rbac/admin', subjects: [{ user: `${ORG}/users/alice` }] }], etag: before.etag }),
    'grant',
  );
  const alice = { authorization: `Bearer ${await login(s, 'alice')}` };
  // The probes of the review: the exact namespace, and a wildcard over every cluster.
  for (const [i, names] of [['c1/a2'], ['*/a2'], ['c*/a2']].entries()) {
    const r = await s.call('POST', `/v2/${T1.tenant}/workspaces`, alice, { name: `probe-${i}`, workspace: { namespaceSelector: { names } } });
    assert.equal(r.status, 409, JSON.stringify(r.body));
    const text = JSON.stringify(r.body);
    assert.doesNotMatch(text, /t2|tenants\/t2|"c1\/a2"\s*of/, `${names[0]}: the refusal leaks the other tenant: ${text}`);
    assert.match(String(r.body.detail), /already owned by a workspace you cannot see/);
    assert.equal((r.body as { owner?: unknown }).owner, undefined);
  }
  const asAdmin = await s.call('POST', `/v2/${T1.tenant}/workspaces`, ADMIN, { name: 'probe-admin', workspace: { namespaceSelector: { names: ['c1/a2'] } } });
  assert.equal(asAdmin.status, 409);
  assert.match(String(asAdmin.body.detail), new RegExp(`overlaps "c1/a2" of workspace ${T2.workspace}`));
});
