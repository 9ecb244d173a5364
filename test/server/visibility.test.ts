// End-to-end: a reader of one tenant sees only that tenant through lists, reads, watch and audit;
// what it may not read answers exactly like what does not exist.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, startServer, tempDir, type RunningServer } from './_server.js';
import { openWatch } from './_sse.js';

const ORG = '/v2/organizations/tetrate';
const BOB_PASSWORD = 'bob-password-123';
const bob = `Basic ${Buffer.from(`bob:${BOB_PASSWORD}`).toString('base64')}`;
let s: RunningServer;
let dir: string;

before(async () => {
  dir = tempDir();
  s = await startServer({ dataDir: dir });
  const ok = async (method: string, path: string, body: unknown, status: number): Promise<void> => {
    const r = await s.request(method, path, body);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  };
  await ok('POST', `${ORG}/tenants`, { name: 'mine', tenant: {} }, 201);
  await ok('POST', `${ORG}/tenants`, { name: 'theirs', tenant: {} }, 201);
  await ok('POST', `${ORG}/users`, { name: 'bob', user: { loginName: 'bob' } }, 201);
  await ok('PUT', `${ORG}/users/bob/password`, { password: BOB_PASSWORD }, 204);
  await ok('PUT', `${ORG}/tenants/mine/accessbindings`, { allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/tetrate/users/bob' }] }] }, 200);
  await ok('POST', `${ORG}/tenants/theirs/workspaces`, { name: 'secret', workspace: { namespaceSelector: { names: ['c1/secret'] } } }, 201);
  await ok('POST', `${ORG}/tenants/mine/workspaces`, { name: 'open', workspace: { namespaceSelector: { names: ['c1/open'] } } }, 201);
});

after(async () => {
  await s?.stop();
  cleanup(dir);
});

test('lists hold only what the caller may read', async () => {
  const r = await s.request('GET', `${ORG}/tenants`, undefined, { auth: bob });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(
    (r.json.tenants as { fqn: string }[]).map((t) => t.fqn.split('/').pop()),
    ['mine'],
  );
});

test('an unreadable resource answers the same 404 as a missing one', async () => {
  const hidden = await s.request('GET', `${ORG}/tenants/theirs`, undefined, { auth: bob });
  const missing = await s.request('GET', `${ORG}/tenants/nothere`, undefined, { auth: bob });
  assert.equal(hidden.status, 404);
  assert.equal(missing.status, 404);
  const strip = (j: Record<string, unknown>): Record<string, unknown> => ({
    ...j,
    detail: String(j.detail).replace(/theirs|nothere/, 'X'),
    instance: undefined,
    fqn: undefined,
  });
  assert.deepEqual(strip(hidden.json), strip(missing.json));
  const writeHidden = await s.request('DELETE', `${ORG}/tenants/theirs`, undefined, { auth: bob });
  assert.equal(writeHidden.status, 404);
  const writeVisible = await s.request('DELETE', `${ORG}/tenants/mine`, undefined, { auth: bob });
  assert.equal(writeVisible.status, 403);
  assert.equal(writeVisible.json.code, 'MB1012');
});

test('watch and audit carry only readable changes', async () => {
  const w = openWatch(`${s.url}/v2/watch?revision=0`, s.ca, bob);
  try {
    const seen = await w.until((e) => e.data.fqn === 'organizations/tetrate/tenants/mine/workspaces/open');
    assert.ok(seen.length > 0);
    assert.ok(
      seen.every((e) => String(e.data.fqn).startsWith('organizations/tetrate/tenants/mine')),
      JSON.stringify(seen.map((e) => e.data.fqn)),
    );
  } finally {
    w.close();
  }
  const audit = await s.request('GET', '/v2/audit', undefined, { auth: bob });
  const fqns = (audit.json.entries as { fqn: string }[]).map((e) => e.fqn);
  assert.ok(fqns.includes('organizations/tetrate/tenants/mine'));
  assert.ok(
    fqns.every((f) => f.startsWith('organizations/tetrate/tenants/mine')),
    fqns.join(', '),
  );
});
