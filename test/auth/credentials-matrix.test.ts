// The authorization matrix, extended with a cluster's identity (issue 10): every built-in role
// granted on the organization, on the cluster and on a tenant, to a user (bearer token) and to a
// service account (own JWT), × list / mint / rotate / revoke one / revoke all credentials of cluster
// c1 and create a cluster (which returns its first key), over HTTPS against the real `meshbridge
// server` on SQLite and on PostgreSQL. Expectations from _matrix.ts: minting, rotating and revoking
// need SET_POLICY, so a writer or editor can neither become the cluster's agent nor cut it off.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importJWK, type JWK } from 'jose';
import { CLUSTER, CREDENTIAL_GRANT_LEVELS, CREDENTIAL_OPS, ORG, ROLE_TABLE, expectedCredential, type CredentialOp } from './_matrix.js';
import { basicHeader, startAuthServer, type Answer, type AuthTestServer } from './_server.js';

const ADMIN = basicHeader('admin', 'admin-password-1');
const CREDS = `/v2/${CLUSTER}/credentials`;

async function ok(res: Promise<Answer>, what: string): Promise<Answer> {
  const r = await res;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function keyIds(s: AuthTestServer): Promise<string[]> {
  const listed = (await ok(s.call('GET', CREDS, ADMIN), 'list keys')).body.credentials as { keyId: string }[];
  return listed.map((k) => k.keyId);
}

/** Runs one credentials operation as `who`; returns allow/forbidden/notfound, or other:<status>. */
async function attempt(s: AuthTestServer, who: Record<string, string>, op: CredentialOp, seq: number): Promise<string> {
  let r: Answer;
  if (op === 'list-credentials') r = await s.call('GET', CREDS, who);
  else if (op === 'mint-credentials') r = await s.call('POST', CREDS, who);
  else if (op === 'rotate-credentials') r = await s.call('POST', `${CREDS}?rotate=true`, who);
  else if (op === 'revoke-credentials') r = await s.call('DELETE', CREDS, who);
  else if (op === 'revoke-credential') {
    const minted = (await ok(s.call('POST', CREDS, ADMIN), 'admin mints a key to revoke')).body.keyId as string;
    r = await s.call('DELETE', `${CREDS}/${encodeURIComponent(minted.split('#')[1])}`, who);
  } else {
    r = await s.call('POST', `/v2/${ORG}/clusters`, who, { name: `new-${seq}`, cluster: {} });
    if (r.status === 201) {
      assert.ok((r.body.credentials as { jwk?: unknown } | undefined)?.jwk, 'an allowed create returns the key');
      await ok(s.call('DELETE', `/v2/${ORG}/clusters/new-${seq}`, ADMIN), 'remove created cluster');
    }
  }
  if (r.status >= 200 && r.status < 300) return 'allow';
  if (r.status === 403) return 'forbidden';
  if (r.status === 404) return 'notfound';
  return `other:${r.status} ${JSON.stringify(r.body)}`;
}

async function runCredentialMatrix(t: TestContext, backend: 'sqlite' | 'postgres'): Promise<void> {
  const s = await startAuthServer('admin-password-1', { backend });
  t.after(() => s.stop());
  await ok(s.call('POST', `/v2/${ORG}/tenants`, ADMIN, { name: 't1', tenant: {} }), 'tenant');
  await ok(s.call('POST', `/v2/${ORG}/clusters`, ADMIN, { name: 'c1', cluster: {} }), 'cluster c1');
  await ok(s.call('POST', `/v2/${ORG}/users`, ADMIN, { name: 'alice', user: { loginName: 'alice' } }), 'alice');
  await ok(s.call('PUT', `/v2/${ORG}/users/alice/password`, ADMIN, { password: 'alice-password' }), 'alice password');
  const token = (await ok(s.call('POST', '/v2/auth/login', {}, { username: 'alice', password: 'alice-password' }), 'login')).body.accessToken as string;
  const sa = await ok(s.call('POST', `/v2/${ORG}/serviceaccounts`, ADMIN, { name: 'ci', serviceAccount: {} }), 'service account');
  const key = (sa.body.serviceAccount as { keys: { id: string; algorithm: string; privateKeyJwk: JWK }[] }).keys[0];
  const saToken = await new SignJWT({})
    .setProtectedHeader({ alg: key.algorithm, kid: key.id })
    .setSubject(`${ORG}/serviceaccounts/ci`)
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(await importJWK(key.privateKeyJwk, key.algorithm));
  const modes = {
    user: { headers: { authorization: `Bearer ${token}` }, subject: { user: `${ORG}/users/alice` } },
    'service account': { headers: { authorization: `Bearer ${saToken}` }, subject: { serviceAccount: `${ORG}/serviceaccounts/ci` } },
  };
  const mismatches: string[] = [];
  let checks = 0;
  for (const role of Object.keys(ROLE_TABLE)) {
    for (const [level, grantAt] of Object.entries(CREDENTIAL_GRANT_LEVELS)) {
      for (const [mode, { headers, subject }] of Object.entries(modes)) {
        const before = (await ok(s.call('GET', `/v2/${grantAt}/accessbindings`, ADMIN), 'bindings')).body;
        // Added to what is bound there (the organization's binding makes admin an admin).
        const kept = (before.allow as unknown[] | undefined) ?? [];
        await ok(s.call('PUT', `/v2/${grantAt}/accessbindings`, ADMIN, { allow: [...kept, { role, subjects: [subject] }], etag: before.etag }), 'grant');
        for (const op of CREDENTIAL_OPS) {
          const want = expectedCredential(role, grantAt, op);
          const got = await attempt(s, headers, op, checks++);
          if (got !== want) mismatches.push(`${role} at ${level} to ${mode}: ${op} ${CLUSTER} → ${got}, expected ${want}`);
        }
        const now = (await ok(s.call('GET', `/v2/${grantAt}/accessbindings`, ADMIN), 'bindings')).body;
        await ok(s.call('PUT', `/v2/${grantAt}/accessbindings`, ADMIN, { allow: kept, etag: now.etag }), 'revoke grant');
      }
    }
  }
  assert.equal(checks, 5 * 3 * 2 * CREDENTIAL_OPS.length);
  assert.deepEqual(mismatches, [], `${mismatches.length} unexpected outcomes`);
}

test('credentials matrix on SQLite over HTTPS against the real meshbridge server: mint, rotate and revoke need SET_POLICY on the cluster', async (t) => {
  await runCredentialMatrix(t, 'sqlite');
});

test('credentials matrix on PostgreSQL over HTTPS against the real meshbridge server: the same outcomes', async (t) => {
  await runCredentialMatrix(t, 'postgres');
});

test('attack: a writer of cluster c1 cannot mint its agent identity, and an organization editor cannot rotate the real agent out', async (t) => {
  const s = await startAuthServer('admin-password-1');
  t.after(() => s.stop());
  await ok(s.call('POST', `/v2/${ORG}/clusters`, ADMIN, { name: 'c1', cluster: {} }), 'cluster c1');
  const agentKey = (await keyIds(s))[0];
  for (const [name, role, at] of [
    ['mallory', 'rbac/writer', CLUSTER],
    ['eve', 'rbac/editor', ORG],
  ] as const) {
    await ok(s.call('POST', `/v2/${ORG}/users`, ADMIN, { name, user: {} }), name);
    await ok(s.call('PUT', `/v2/${ORG}/users/${name}/password`, ADMIN, { password: `${name}-password` }), `${name} password`);
    const before = (await ok(s.call('GET', `/v2/${at}/accessbindings`, ADMIN), 'bindings')).body;
    const allow = [...((before.allow as unknown[]) ?? []), { role, subjects: [{ user: `${ORG}/users/${name}` }] }];
    await ok(s.call('PUT', `/v2/${at}/accessbindings`, ADMIN, { allow, etag: before.etag }), 'grant');
  }
  const mallory = basicHeader('mallory', 'mallory-password');
  const eve = basicHeader('eve', 'eve-password');
  const minted = await s.call('POST', CREDS, mallory);
  assert.equal(minted.status, 403, JSON.stringify(minted.body));
  assert.equal(minted.body.code, 'MB1012');
  assert.match(String(minted.body.detail), /SET_POLICY/);
  assert.equal(JSON.stringify(minted.body).includes('"d"'), false, 'no private key in the refusal');
  assert.equal((await s.call('POST', `${CREDS}?rotate=true`, eve)).status, 403);
  assert.equal((await s.call('DELETE', CREDS, eve)).status, 403);
  assert.equal((await s.call('DELETE', `${CREDS}/${agentKey.split('#')[1]}`, mallory)).status, 403);
  assert.equal(
    (await s.call('POST', `/v2/${ORG}/clusters`, eve, { name: 'c2', cluster: {} })).status,
    403,
    'an editor cannot mint an identity by creating a cluster either',
  );
  assert.equal((await s.call('GET', `/v2/${ORG}/clusters/c2`, ADMIN)).status, 404, 'nothing half-written');
  assert.deepEqual(await keyIds(s), [agentKey], 'the real agent keeps its only key');
  assert.equal((await s.call('GET', CREDS, mallory)).status, 200, 'reading key ids stays with READ');
});
