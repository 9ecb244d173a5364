// Say what is wrong, precisely: the real tctl binary against a real `meshbridge server` process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeshClient } from '../../src/client/index.js';
import { startMeshbridge, tctl, type RunningServer } from './_harness.js';

const PASSWORD = 'admin-pass-precise';
let server: RunningServer;
let agentPort: number;
let dir: string;
let n = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tctl-precise-'));
  agentPort = await freePort();
  const data = join(dir, 'data');
  server = await startMeshbridge(
    ['server', '--data-dir', data, '--listen', '127.0.0.1:0', '--agent-listen', `127.0.0.1:${agentPort}`, '--admin-password', PASSWORD, '--log-level', 'warn'],
    data,
  );
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh config: cluster `c` at `address`, user `u`, current profile `p`. */
async function profile(address: string, user: string, password: string, extra = ''): Promise<Record<string, string>> {
  const env = { TCTL_CONFIG: join(dir, `cfg-${++n}.yaml`) };
  const yaml = `current-profile: p\nclusters:\n  c:\n    bridge-address: ${address}\n    tls-custom-ca-file: ${server.caFile}\nusers:\n  u:\n    org: tetrate\n${extra}    username: ${user}\n    password: ${password}\nprofiles:\n  p:\n    cluster: c\n    user: u\n`;
  await writeFile(env.TCTL_CONFIG, yaml, { mode: 0o600 });
  return env;
}

test('GIVEN tctl pointed at the agent port WHEN it runs THEN it says this is the agent port and names the API port, not an OpenSSL ALPN error and a CA fix', async () => {
  const env = await profile(`127.0.0.1:${agentPort}`, 'admin', PASSWORD);
  const r = await tctl(['get', 'tenants'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${agentPort} is a meshbridge agent port \\(it speaks only gRPC to cluster agents`));
  assert.match(r.stderr, /\[MB2351\]/);
  assert.match(
    r.stderr,
    /Fix: Point tctl at the API port \(meshbridge server --listen, 8443 by default; .*\): tctl config clusters set c --bridge-address 127\.0\.0\.1:8443/,
  );
  assert.doesNotMatch(r.stderr, /SSL routines|alert number|tls-custom-ca-file/);
});

test('GIVEN a user with rights on one workspace only WHEN asking outside it THEN tctl says "no right here" (not "organization does not exist") and lists what the user can reach', async () => {
  const admin = new MeshClient({ address: server.address, ca: await readFile(server.caFile, 'utf8'), credentials: { username: 'admin', password: PASSWORD } });
  const adminEnv = await profile(server.address, 'admin', PASSWORD);
  await writeFile(
    join(dir, 'alice.yaml'),
    [
      'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata: {organization: tetrate, name: shop}\n',
      'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata: {organization: tetrate, name: other}\n',
      'apiVersion: api.tsb.tetrate.io/v2\nkind: Workspace\nmetadata: {organization: tetrate, tenant: shop, name: cart}\nspec: {namespaceSelector: {names: ["*/cart"]}}\n',
      'apiVersion: api.tsb.tetrate.io/v2\nkind: User\nmetadata: {organization: tetrate, name: alice}\nspec: {loginName: alice}\n',
      'apiVersion: rbac.tsb.tetrate.io/v2\nkind: WorkspaceAccessBindings\nmetadata: {organization: tetrate, tenant: shop, workspace: cart}\nspec:\n  allow:\n    - role: rbac/editor\n      subjects: [{user: organizations/tetrate/users/alice}]\n',
    ].join('---\n'),
  );
  const applied = await tctl(['apply', '-f', join(dir, 'alice.yaml')], { env: adminEnv });
  assert.equal(applied.code, 0, applied.stderr);
  await admin.request('PUT', '/v2/organizations/tetrate/users/alice/password', { password: 'alice-password-1' });
  const env = await profile(server.address, 'alice', 'alice-password-1', '    tenant: other\n');
  const cart = 'organizations/tetrate/tenants/shop/workspaces/cart';

  // Listing the organization's tenants: the organization exists, alice has no right on it.
  const tenants = await tctl(['get', 'tenants'], { env });
  assert.equal(tenants.code, 1);
  assert.match(tenants.stderr, new RegExp(`alice has no right to read organizations/tetrate itself; alice's rights start below it, on: ${cart}`));
  assert.match(tenants.stderr, /\[MB2350\]/);
  assert.match(
    tenants.stderr,
    /Fix: Work where you have rights: pass --org tetrate --tenant shop -w cart \(or make them the default: tctl config users set u --org tetrate --tenant shop\)/,
  );
  assert.doesNotMatch(tenants.stderr, /does not exist|can see: \(none\)|--org <|MB2006/);

  // A tenant alice cannot read: whether it exists stays hidden, what she can reach is listed.
  const other = await tctl(['get', 'workspaces'], { env });
  assert.equal(other.code, 1);
  assert.match(other.stderr, new RegExp(`organizations/tetrate/tenants/other: not found, or alice has no right to read it; alice can reach: ${cart}`));
  assert.doesNotMatch(other.stderr, /MB2006|MB2007/);

  // Inside her workspace everything works.
  const ws = await tctl(['get', 'workspace', 'cart', '--tenant', 'shop'], { env });
  assert.equal(ws.code, 0, ws.stderr);
});
