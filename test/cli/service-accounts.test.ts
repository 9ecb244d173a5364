// Service accounts and passwords through the real tctl binary against a real meshbridge server:
// create an account, grant it a role by applying an AccessBindings document, sign a token with its
// key, use it as a tctl user entry, revoke the key and see 401; set passwords (admin and self).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, tctl, type RunningServer, type TctlResult } from './_harness.js';

const PASSWORD = 'admin-pass-sa-e2e';
let server: RunningServer;
let dir: string;
let admin: Record<string, string>;
let n = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tctl-sa-e2e-'));
  server = await startServer(join(dir, 'data'), PASSWORD);
  admin = await profile(['username: admin', `password: ${JSON.stringify(PASSWORD)}`]);
  await writeFile(
    join(dir, 'setup.yaml'),
    [
      'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: ops\n',
      'apiVersion: api.tsb.tetrate.io/v2\nkind: User\nmetadata:\n  organization: tetrate\n  name: alice\nspec:\n  loginName: alice\n',
    ].join('---\n'),
  );
  ok(await tctl(['apply', '-f', join(dir, 'setup.yaml')], { env: admin }));
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A config file whose current profile points at the server with the given user entry lines. */
async function profile(userLines: string[]): Promise<Record<string, string>> {
  const env = { TCTL_CONFIG: join(dir, `cfg-${++n}.yaml`) };
  const user = ['org: tetrate', ...userLines].map((l) => `    ${l}`).join('\n');
  await writeFile(
    env.TCTL_CONFIG,
    `current-profile: p\nclusters:\n  c:\n    bridge-address: ${server.address}\n    tls-custom-ca-file: ${server.caFile}\nusers:\n  u:\n${user}\nprofiles:\n  p:\n    cluster: c\n    user: u\n`,
    { mode: 0o600 },
  );
  return env;
}

function ok(r: TctlResult): TctlResult {
  assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/**
 * Runs `tctl get tenants ops` until it fails with 401. The server's HTTP layer remembers a verified
 * credential for up to 5 s (src/server/http/authenticate.ts) and offers no event to await, so
 * this polls, bounded to 20 tries (each a whole tctl run, ~0.5 s).
 */
async function until401(env: Record<string, string>): Promise<TctlResult> {
  let r: TctlResult | undefined;
  for (let i = 0; i < 20; i++) {
    r = await tctl(['get', 'tenants', 'ops'], { env });
    // Right after a delete the remembered principal may still pass and then see nothing (404).
    if (r.code !== 0 && r.stderr.includes('[MB2016]')) break;
  }
  assert.equal(r?.code, 1, `still accepted after 20 tries: ${r?.stdout}`);
  assert.match(r.stderr, /\[MB2016\]/);
  return r;
}

test('x sa: create, bind a role by apply, sign a token, use it as a user entry, revoke the key → 401', async () => {
  const keyPath = join(dir, 'ci.jwk');
  const created = ok(await tctl(['x', 'service-account', 'create', 'ci', '--key-path', keyPath, '--display-name', 'CI'], { env: admin }));
  const id = /key id (\S+)\)/.exec(created.stdout)?.[1] as string;
  assert.match(created.stdout, /^Service account organizations\/tetrate\/serviceaccounts\/ci created \(key id \S+\); private key written to /);
  assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
  assert.equal((JSON.parse(await readFile(keyPath, 'utf8')) as { kid: string }).kid, id);
  const again = await tctl(['x', 'sa', 'gen-key', 'ci', '--key-path', keyPath], { env: admin });
  assert.equal(again.code, 2, 'an existing key file is never overwritten');
  assert.match(again.stderr, /the file exists/);
  assert.match(
    ok(await tctl(['x', 'sa', 'get'], { env: admin })).stdout,
    new RegExp(`^NAME\\s+KEY ID\\s+ALGORITHM\\s+CREATED\\n(ci\\s+${id}\\s+RS256\\s+\\S+\\n)`, 'm'),
  );

  await writeFile(
    join(dir, 'bind.yaml'),
    'apiVersion: rbac.tsb.tetrate.io/v2\nkind: TenantAccessBindings\nmetadata:\n  organization: tetrate\n  tenant: ops\nspec:\n  allow:\n    - role: rbac/reader\n      subjects:\n        - serviceAccount: organizations/tetrate/serviceaccounts/ci\n',
  );
  ok(await tctl(['apply', '-f', join(dir, 'bind.yaml')], { env: admin }));

  const token = ok(await tctl(['x', 'sa', 'token', 'ci', '--key-path', keyPath, '--expiration', '30m'], { env: admin })).stdout.trim();
  const env = { TCTL_CONFIG: join(dir, 'ci.yaml') };
  ok(await tctl(['config', 'clusters', 'set', 'mp', '--bridge-address', server.address, '--tls-custom-ca-file', server.caFile], { env }));
  ok(await tctl(['config', 'users', 'set', 'ci', '--org', 'tetrate', '--token', token], { env }));
  ok(await tctl(['config', 'profiles', 'set', 'ci', '--cluster', 'mp', '--username', 'ci'], { env }));
  ok(await tctl(['config', 'profiles', 'set-current', 'ci'], { env }));
  assert.match(ok(await tctl(['get', 'tenants', 'ops'], { env })).stdout, /^ops\b/m);

  // An ES256 key in PEM signs tokens too, and survives revoking the first key.
  const pem = join(dir, 'ci-2.pem');
  ok(await tctl(['x', 'sa', 'gen-key', 'ci', '--algorithm', 'ES256', '--key-encoding', 'PEM', '--key-path', pem], { env: admin }));
  assert.match(
    ok(await tctl(['x', 'sa', 'revoke-key', 'ci', '--id', id], { env: admin })).stdout,
    new RegExp(`^Key ${id} of organizations/tetrate/serviceaccounts/ci revoked\\n$`),
  );
  const denied = await until401(env);
  assert.match(
    denied.stderr,
    /rejected the token of user "ci" \(profile "ci"\): no key \S+ is registered for organizations\/tetrate\/serviceaccounts\/ci \[MB2016\]/,
  );
  const es = ok(await tctl(['x', 'sa', 'token', 'organizations/tetrate/serviceaccounts/ci', '--key-path', pem], { env: {} })).stdout.trim();
  const fresh = await profile([`token: ${es}`]);
  assert.match(ok(await tctl(['get', 'tenants', 'ops'], { env: fresh })).stdout, /^ops\b/m);

  assert.equal(ok(await tctl(['x', 'sa', 'delete', 'ci'], { env: admin })).stdout, 'organizations/tetrate/serviceaccounts/ci deleted\n');
  await until401(fresh);
});

test("x sa token refuses a lifetime over the server's 1h and a key file that is not a private key", async () => {
  const long = await tctl(['x', 'sa', 'token', 'organizations/tetrate/serviceaccounts/x', '--key-path', join(dir, 'none'), '--expiration', '2h'], { env: {} });
  assert.equal(long.code, 2);
  assert.match(long.stderr, /--expiration: "2h" is longer than the 1h/);
  await writeFile(join(dir, 'junk.jwk'), '{"kty":"RSA","n":"AQAB","e":"AQAB"}');
  const junk = await tctl(['x', 'sa', 'token', 'organizations/tetrate/serviceaccounts/x', '--key-path', join(dir, 'junk.jwk')], { env: {} });
  assert.equal(junk.code, 1);
  assert.match(junk.stderr, /junk\.jwk: this JWK has no private part .*\[MB2030\]\nFix: /);
});

test("x user set-password: an admin sets alice's, alice changes her own with the current one, bad input changes nothing", async () => {
  assert.equal(
    ok(await tctl(['x', 'user', 'set-password', 'alice'], { env: admin, stdin: 'alice-pass-1\n' }))
      .stdout.split('\n')
      .at(-2),
    'Password of organizations/tetrate/users/alice changed',
  );
  const alice = await profile(['username: alice', 'password: alice-pass-1']);
  assert.match(ok(await tctl(['whoami'], { env: alice })).stdout, /alice/);
  const short = await tctl(['x', 'user', 'set-password', 'alice'], { env: alice, stdin: 'alice-pass-1\nshort\n' });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /the new password is shorter than 8 characters \[MB2031\]/);
  const wrong = await tctl(['x', 'user', 'set-password', 'alice'], { env: alice, stdin: 'not-her-password\nalice-pass-2\n' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /currentPassword: missing or wrong/);
  assert.match(
    ok(await tctl(['x', 'user', 'set-password', 'alice'], { env: alice, stdin: 'alice-pass-1\nalice-pass-2\n' })).stdout,
    /changed; user entry "u" updated;/,
  );
  assert.match(ok(await tctl(['whoami'], { env: alice })).stdout, /alice/, 'the stored password was updated');
  assert.match(ok(await tctl(['whoami'], { env: await profile(['username: alice', 'password: alice-pass-2']) })).stdout, /alice/);
  const empty = await tctl(['x', 'user', 'set-password', 'alice'], { env: admin, stdin: '' });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /new password: nothing was typed \(stdin ended\) \[MB2029\]/);
});
