// Every failure of the FAQ "tctl fails to connect", driven through the real tctl binary against a
// real meshbridge server (or a loopback socket that misbehaves the way a real network does).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MeshClient } from '../../src/client/index.js';
import { startServer, tctl, type RunningServer, type TctlResult } from './_harness.js';

const PASSWORD = 'admin-pass-e2e';
let server: RunningServer;
let dir: string;
let n = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tctl-fail-e2e-'));
  server = await startServer(join(dir, 'data'), PASSWORD);
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A fresh config file with cluster `c` (given flags) and user `u`, joined by current profile `p`.
 * Written directly rather than through four tctl runs: profile commands have their own tests.
 */
async function profile(
  clusterFlags: string[],
  userFlags: string[] = ['--org', 'tetrate', '--username', 'admin', '--password', PASSWORD],
): Promise<Record<string, string>> {
  const env = { TCTL_CONFIG: join(dir, `cfg-${++n}.yaml`) };
  const entry = (flags: string[]): string =>
    flags
      .map((f, i) =>
        f.startsWith('--')
          ? flags[i + 1] === undefined || flags[i + 1].startsWith('--')
            ? `    ${f.slice(2)}: true`
            : `    ${f.slice(2)}: ${JSON.stringify(flags[i + 1])}`
          : '',
      )
      .filter(Boolean)
      .join('\n');
  const yaml = `current-profile: p\nclusters:\n  c:\n${entry(clusterFlags)}\nusers:\n  u:\n${entry(userFlags)}\nprofiles:\n  p:\n    cluster: c\n    user: u\n`;
  await writeFile(env.TCTL_CONFIG, yaml, { mode: 0o600 });
  return env;
}

function good(): string[] {
  return ['--bridge-address', server.address, '--tls-custom-ca-file', server.caFile];
}

function assertFailure(r: TctlResult, code: string, message: RegExp, fix: RegExp): void {
  assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`\\[${code}\\]\\n`), r.stderr);
  assert.match(r.stderr, message);
  assert.match(r.stderr, fix);
  assert.doesNotMatch(r.stderr, /\n\s+at \S+ \(/, 'no stack trace without --debug');
}

test('no current profile: says so and prints the setup commands', async () => {
  const r = await tctl(['get', 'tns'], { env: { TCTL_CONFIG: join(dir, 'empty.yaml') } });
  assertFailure(r, 'MB2001', /no current profile in .*empty.yaml/, /Fix: Set one up:\n  tctl config clusters set default --bridge-address/);
});

test('a profile pointing at a missing cluster, then at a missing user', async () => {
  const env = { TCTL_CONFIG: join(dir, 'dangling.yaml') };
  await tctl(['config', 'profiles', 'set', 'p', '--cluster', 'gone', '--username', 'ghost'], { env });
  await tctl(['config', 'profiles', 'set-current', 'p'], { env });
  assertFailure(
    await tctl(['get', 'tns'], { env }),
    'MB2003',
    /profile "p" points at cluster "gone", which is not in/,
    /tctl config clusters set gone --bridge-address <host:port>/,
  );
  await tctl(['config', 'clusters', 'set', 'gone', ...good()], { env });
  assertFailure(await tctl(['get', 'tns'], { env }), 'MB2004', /profile "p" points at user "ghost"/, /tctl login/);
});

test('DNS failure (in a network namespace without DNS)', async () => {
  const env = await profile(['--bridge-address', 'meshbridge-e2e.invalid:8443']);
  const r = await tctl(['get', 'tns'], { env, prefix: ['unshare', '--net'] });
  assertFailure(
    r,
    'MB2010',
    /cannot resolve host name "meshbridge-e2e.invalid" of cluster "c" \(profile "p", bridge address meshbridge-e2e.invalid:8443\): (?:EAI_AGAIN|ENOTFOUND)/,
    /tctl config clusters set c --bridge-address <host:port>/,
  );
});

test('connection refused', async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  const env = await profile(['--bridge-address', `127.0.0.1:${port}`]);
  assertFailure(
    await tctl(['get', 'tns'], { env }),
    'MB2011',
    new RegExp(`connection refused by 127.0.0.1:${port} for cluster "c"`),
    /meshbridge server --listen/,
  );
});

test('timeout: a peer that accepts and never answers', async (t) => {
  const sockets: Socket[] = [];
  const s: Server = createServer((c) => void sockets.push(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  t.after(
    () =>
      new Promise<void>((r) => {
        sockets.forEach((c) => c.destroy());
        s.close(() => r());
      }),
  );
  const env = await profile(['--bridge-address', `127.0.0.1:${(s.address() as AddressInfo).port}`, '--timeout', '500ms']);
  assertFailure(await tctl(['get', 'tns'], { env }), 'MB2012', /no answer from cluster "c" .*within 500 ms/, /tctl config clusters set c --timeout 60s/);
});

test('TLS: the server CA is unknown → suggest --tls-custom-ca-file', async () => {
  const env = await profile(['--bridge-address', server.address]);
  assertFailure(
    await tctl(['get', 'tns'], { env }),
    'MB2013',
    /the certificate of 127.0.0.1:\d+ is signed by a CA tctl does not trust/,
    /Fix: Trust the server's CA: tctl config clusters set c --tls-custom-ca-file <path of the server's CA, e.g. .\/data\/tls\/ca.crt>/,
  );
});

test('TLS: the certificate does not name the host', async (t) => {
  // The server's own certificate served on another loopback address it does not name.
  const tlsDir = dirname(server.caFile);
  const https = createHttpsServer({ cert: await readFile(join(tlsDir, 'server.crt')), key: await readFile(join(tlsDir, 'server.key')) }, (_q, s) =>
    s.end('{}'),
  );
  await new Promise<void>((r) => https.listen(0, '127.0.0.2', () => r()));
  t.after(
    () =>
      new Promise<void>((r) => {
        https.closeAllConnections();
        https.close(() => r());
      }),
  );
  const env = await profile(['--bridge-address', `127.0.0.2:${(https.address() as AddressInfo).port}`, '--tls-custom-ca-file', server.caFile]);
  assertFailure(await tctl(['get', 'tns'], { env }), 'MB2014', /does not name "127.0.0.2" .*; it names .*127.0.0.1/, /--bridge-address <one of the names>/);
});

test('plain HTTP against the HTTPS port is told apart from a dead server', async () => {
  const env = await profile(['--bridge-address', server.address, '--tls-disabled']);
  const r = await tctl(['get', 'tns'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\[MB2027\]\nFix: The server probably expects HTTPS: tctl config clusters set c --tls-disabled=false/);
});

test('401: rejected credentials → log in again', async () => {
  const env = await profile(good(), ['--org', 'tetrate', '--username', 'admin', '--password', 'not-the-password']);
  assertFailure(
    await tctl(['get', 'tns'], { env }),
    'MB2016',
    /rejected the username\/password of user "u" \(profile "p"\)/,
    /Fix: Log in again: tctl -p p login --org tetrate --username admin/,
  );
  const tokenEnv = await profile(good(), ['--org', 'tetrate', '--username', 'admin', '--token', 'not.a.jwt']);
  assertFailure(await tctl(['whoami'], { env: tokenEnv }), 'MB2016', /rejected the token of user "u"/, /tctl -p p login/);
});

test('wrong organization or tenant: the value, its source, what is visible and the exact fix', async () => {
  const env = await profile(good(), ['--org', 'tetrat', '--tenant', 'prod', '--username', 'admin', '--password', PASSWORD]);
  assertFailure(
    await tctl(['get', 'ws'], { env }),
    'MB2006',
    /organization "tetrat" \(from profile "p" → user "u"\) does not exist or admin cannot see it; organizations admin can see: tetrate/,
    /\nFix: tctl config users set u --org tetrate --tenant prod\n/,
  );
  await writeFile(join(dir, 't.yaml'), 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: team-a\n');
  assert.equal((await tctl(['apply', '-f', join(dir, 't.yaml'), '--org', 'tetrate'], { env })).code, 0);
  await tctl(['config', 'users', 'set', 'u', '--org', 'tetrate'], { env });
  assertFailure(
    await tctl(['get', 'ws'], { env }),
    'MB2007',
    /tenant "prod" \(from profile "p" → user "u"\) does not exist in organizations\/tetrate or admin cannot see it; tenants admin can see there: team-a/,
    /\nFix: tctl config users set u --org tetrate --tenant team-a\n/,
  );
  assertFailure(
    await tctl(['get', 'ws', '--tenant', 'nope'], { env }),
    'MB2007',
    /tenant "nope" \(from flag --tenant\)/,
    /Pass --org tetrate --tenant team-a, or make it the default: tctl config users set u --org tetrate --tenant team-a/,
  );
  await tctl(['config', 'users', 'set', 'u', '--tenant', ''], { env });
  assertFailure(
    await tctl(['get', 'ws'], { env }),
    'MB2009',
    /Workspace lives in a tenant, but none was given .*tenants admin can see in organizations\/tetrate: team-a/,
    /tctl config users set u --org tetrate --tenant team-a/,
  );
});

test('403: names the missing permission and the FQN; the grant is a TenantAccessBindings apply', async () => {
  const admin = await profile(good());
  const admin2 = new MeshClient({ address: server.address, ca: await readFile(server.caFile, 'utf8'), credentials: { username: 'admin', password: PASSWORD } });
  await writeFile(
    join(dir, 'bob.yaml'),
    [
      'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: ro\n',
      'apiVersion: api.tsb.tetrate.io/v2\nkind: User\nmetadata:\n  organization: tetrate\n  name: bob\nspec:\n  loginName: bob\n',
      'apiVersion: rbac.tsb.tetrate.io/v2\nkind: TenantAccessBindings\nmetadata:\n  organization: tetrate\n  tenant: ro\nspec:\n  allow:\n    - role: rbac/reader\n      subjects:\n        - user: organizations/tetrate/users/bob\n',
    ].join('---\n'),
  );
  const granted = await tctl(['apply', '-f', join(dir, 'bob.yaml')], { env: admin });
  assert.equal(granted.code, 0, granted.stderr);
  assert.match(granted.stdout, /^organizations\/tetrate\/tenants\/ro\/accessbindings configured$/m);
  assert.match((await tctl(['apply', '-f', join(dir, 'bob.yaml')], { env: admin })).stdout, /accessbindings unchanged/);
  const table = await tctl(['get', 'tnab', 'ro'], { env: admin });
  assert.equal(table.stdout, 'ROLE         SUBJECTS\nrbac/reader  user:organizations/tetrate/users/bob\n');
  // Setting a user's password has no tctl command (docs/api.md PUT /v2/{user}/password).
  await admin2.request('PUT', '/v2/organizations/tetrate/users/bob/password', { password: 'bob-password-1' });
  const env = await profile(good(), ['--org', 'tetrate', '--username', 'bob', '--password', 'bob-password-1']);
  await writeFile(
    join(dir, 'ro.yaml'),
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: ro\nspec:\n  displayName: changed\n',
  );
  const r = await tctl(['apply', '-f', join(dir, 'ro.yaml')], { env });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /bob \(user entry "u"\) lacks WRITE on organizations\/tetrate\/tenants\/ro: .*\[MB2018\]\n  Fix: Ask an admin of organizations\/tetrate\/tenants\/ro or one of its ancestors to grant a role with WRITE \(e.g. rbac\/editor\): tctl get tnab ro --org tetrate -o yaml > bindings.yaml/,
  );
});
