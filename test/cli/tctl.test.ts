// tctl end to end: the real tctl binary against a real `meshbridge server` process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startServer, tctl, type RunningServer } from './_harness.js';
import { binCommand } from '../support/bins.js';

const PASSWORD = 'admin-pass-e2e';
let server: RunningServer;
let dir: string;
let env: Record<string, string>;
const fixture = new URL('./fixtures/tsb-app-abc.yaml', import.meta.url).pathname;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tctl-e2e-'));
  server = await startServer(join(dir, 'data'), PASSWORD);
  // XDG_CONFIG_HOME, not TCTL_CONFIG: the default location is part of what is tested.
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), HOME: dir };
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('profile setup: cluster, profile and current profile land in $XDG_CONFIG_HOME/meshbridge/tctl.yaml with mode 0600', async () => {
  for (const args of [
    ['config', 'clusters', 'set', 'local', '--bridge-address', server.address, '--tls-custom-ca-file', server.caFile],
    ['config', 'profiles', 'set', 'local', '--cluster', 'local'],
    ['config', 'profiles', 'set-current', 'local'],
  ]) {
    const r = await tctl(args, { env });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const path = join(dir, 'xdg', 'meshbridge', 'tctl.yaml');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.match(await readFile(path, 'utf8'), /current-profile: local/);
});

test('login with piped answers to Organization/Tenant/Username/Password stores tokens, never the password', async () => {
  const r = await tctl(['login'], { env, stdin: `tetrate\n\nadmin\n${PASSWORD}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'Organization: \nTenant: \nUsername: \nPassword: \nLogin Successful!\n  Configured user: local-admin\n  User "local-admin" enabled in profile: local\n',
  );
  const text = await readFile(join(dir, 'xdg', 'meshbridge', 'tctl.yaml'), 'utf8');
  assert.doesNotMatch(text, new RegExp(PASSWORD));
  assert.match(text, /refresh-token: /);
  const who = await tctl(['whoami', '-o', 'json'], { env });
  assert.deepEqual(JSON.parse(who.stdout), { subject: 'organizations/tetrate/users/admin', kind: 'user', organization: 'tetrate', username: 'admin' });
  const v = await tctl(['version'], { env });
  assert.match(v.stdout, /^TCTL version: v\d+\.\d+\.\d+\nServer version: v\d+\.\d+\.\d+\n$/);
});

test("the profiles table has TSB's shape with a star on the current profile", async () => {
  await tctl(['config', 'clusters', 'set', 'default', '--bridge-address', server.address, '--tls-custom-ca-file', server.caFile], { env });
  await tctl(['config', 'users', 'set', 'admin-user', '--org', 'tetrate', '--username', 'admin', '--password', PASSWORD], { env });
  await tctl(['config', 'profiles', 'set', 'default', '--cluster', 'default', '--username', 'admin-user'], { env });
  const r = await tctl(['config', 'profiles', 'list'], { env });
  assert.equal(r.stdout, '  CURRENT  NAME     CLUSTER  ACCOUNT\n           default  default  admin-user\n  *        local    local    local-admin\n');
});

test('TSB YAML applies unchanged, children-first file order notwithstanding, one line per object', async () => {
  const r = await tctl(['apply', '-f', fixture], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'organizations/tetrate configured',
      'organizations/tetrate/tenants/prod-abc created',
      'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws created',
      'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/gatewaygroups/gateway-abc-group created',
      'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/securitygroups/security-abc-group created',
      'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/securitygroups/security-abc-group/settings/default created',
      'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/gatewaygroups/gateway-abc-group/ingressgateways/gw-ingress-abc created',
      '',
    ].join('\n'),
  );
  const again = await tctl(['apply', '-f', fixture], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.split('\n').filter((l) => l.endsWith(' unchanged')).length, 7, again.stdout);
});

test("get prints TSB's table, YAML with etag and fqn in spec, and No resources found", async () => {
  const t = await tctl(['get', 'tns'], { env });
  assert.equal(t.stdout, 'NAME      DISPLAY NAME  DESCRIPTION\nprod-abc  Prod ABC      ABC team\n');
  const y = await tctl(['get', 'ig', '--tenant', 'prod-abc', '-w', 'app-abc-ws', '-l', 'gateway-abc-group', 'gw-ingress-abc', '-o', 'yaml'], { env });
  assert.equal(y.code, 0, y.stderr);
  assert.match(y.stdout, /^apiVersion: gateway.tsb.tetrate.io\/v2\nkind: IngressGateway\nmetadata:\n/);
  assert.match(
    y.stdout,
    /fqn: organizations\/tetrate\/tenants\/prod-abc\/workspaces\/app-abc-ws\/gatewaygroups\/gateway-abc-group\/ingressgateways\/gw-ingress-abc/,
  );
  assert.match(y.stdout, /hostname: abc.tetrate.prod/);
  const sss = await tctl(
    ['get', 'security.tsb.tetrate.io/v2/SecuritySetting', '--tenant', 'prod-abc', '-w', 'app-abc-ws', '-s', 'security-abc-group', '-o', 'json'],
    { env },
  );
  assert.equal(JSON.parse(sss.stdout)[0].spec.authenticationSettings.trafficMode, 'REQUIRED');
  const none = await tctl(['get', 'tg', '--tenant', 'prod-abc', '-w', 'app-abc-ws'], { env });
  assert.equal(none.stdout, 'No resources found\n');
  const all = await tctl(['get', 'all', '--tenant', 'prod-abc', '--kind', 'IngressGateway'], { env });
  assert.match(all.stdout, /kind: IngressGateway/);
  assert.doesNotMatch(all.stdout, /kind: Workspace/);
  const st = await tctl(['status', 'tenant', 'prod-abc'], { env });
  assert.match(st.stdout, /^NAME\s+STATUS\s+LAST EVENT\s+MESSAGE\nprod-abc\s+[A-Z]+\s+[A-Z_]+\s+\S/);
});

test('get --watch prints the list, then one line per change, until interrupted', async () => {
  const { command, args } = binCommand('tctl');
  const child = spawn(command, [...args, 'get', 'tns', '--watch'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stderr.on('data', (c) => (err += String(c)));
  // One listener for the whole run: output arriving between two waits must not be lost.
  child.stdout.on('data', (c) => {
    out += String(c);
    waiters.forEach((w) => w());
  });
  const seen = (re: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${re} within 30 s; stdout:\n${out}\nstderr:\n${err}`));
      }, 30_000);
      function check(): void {
        if (!re.test(out)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      waiters.add(check);
      check();
    });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await seen(/prod-abc\s+Prod ABC/);
    await writeFile(join(dir, 'w.yaml'), 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: watched\n');
    assert.equal((await tctl(['apply', '-f', join(dir, 'w.yaml')], { env })).code, 0);
    await seen(/\d+\s+create\s+Tenant\s+organizations\/tetrate\/tenants\/watched\n/);
    assert.equal((await tctl(['delete', 'tenant', 'watched'], { env })).code, 0);
    await seen(/\d+\s+delete\s+Tenant\s+organizations\/tetrate\/tenants\/watched\n/);
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, err);
});

test('edit opens $EDITOR, applies with the etag, and a concurrent change is a conflict naming both etags', async () => {
  const editor = join(dir, 'editor.sh');
  await writeFile(editor, '#!/bin/sh\nsed -i "s/displayName: Prod ABC/displayName: Edited ABC/" "$1"\n');
  await chmod(editor, 0o755);
  const r = await tctl(['edit', 'tenant', 'prod-abc'], { env: { ...env, EDITOR: editor } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'organizations/tetrate/tenants/prod-abc edited\n');
  assert.match((await tctl(['get', 'tns'], { env })).stdout, /Edited ABC/);
  const racing = join(dir, 'racing.sh');
  const change = join(dir, 'tenant.yaml');
  await writeFile(
    change,
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: prod-abc\nspec:\n  displayName: Someone else\n',
  );
  const { command, args } = binCommand('tctl');
  await writeFile(
    racing,
    `#!/bin/sh\n${[command, ...args].join(' ')} apply -f ${change} >/dev/null\nsed -i "s/displayName: Edited ABC/displayName: Mine/" "$1"\n`,
  );
  await chmod(racing, 0o755);
  const c = await tctl(['edit', 'tenant', 'prod-abc'], { env: { ...env, EDITOR: racing } });
  assert.equal(c.code, 1, c.stdout);
  assert.match(
    c.stderr,
    /^Error: organizations\/tetrate\/tenants\/prod-abc changed while you edited it: you edited etag "[^"]+", the server now has "[^"]+" \[MB2022\]\nFix: Run `tctl edit` again/,
  );
});

test('x audit lists the changes, newest first, filtered by kind', async () => {
  const r = await tctl(['x', 'audit', '--kind', 'tns'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^TIME\s+USER\s+OPERATION\s+KIND\s+FQN\s+ETAG\n/);
  assert.match(r.stdout, /organizations\/tetrate\/users\/admin\s+create\s+Tenant\s+organizations\/tetrate\/tenants\/prod-abc/);
  assert.doesNotMatch(r.stdout, /Workspace/);
});

test("delete -f removes the file's objects children first; deletion protection needs --force", async () => {
  const f = join(dir, 'ws.yaml');
  await writeFile(
    f,
    (await readFile(fixture, 'utf8'))
      .split('---\n')
      .filter((d) => !/kind: (Organization|Tenant)\n/.test(d))
      .join('---\n'),
  );
  const r = await tctl(['delete', '-f', f], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').at(-1), 'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws deleted');
  assert.equal(r.stdout.trim().split('\n').length, 5);
  assert.equal((await tctl(['get', 'ws', '--tenant', 'prod-abc'], { env })).stdout, 'No resources found\n');
  await writeFile(
    join(dir, 'protect.yaml'),
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: prod-abc\nspec:\n  displayName: Prod ABC\n  deletionProtectionEnabled: true\n',
  );
  assert.equal((await tctl(['apply', '-f', join(dir, 'protect.yaml')], { env })).code, 0);
  const refused = await tctl(['delete', 'tenant', 'prod-abc'], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /organizations\/tetrate\/tenants\/prod-abc: .*\[MB1005\]/);
  const d = await tctl(['delete', 'tenant', 'prod-abc', '--force'], { env });
  assert.equal(d.stdout, 'organizations/tetrate/tenants/prod-abc deleted\n');
  assert.equal((await tctl(['get', 'tns'], { env })).stdout, 'No resources found\n');
});

test('delete -f of objects already gone reports "not found" per object without scope advice; --ignore-not-found makes it a no-op', async () => {
  // The previous test deleted every object of this file (and the tenant they lived in).
  const f = join(dir, 'ws.yaml');
  const r = await tctl(['delete', '-f', f], { env });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  assert.equal(lines.length, 6, r.stderr);
  for (const l of lines.slice(0, 5)) assert.match(l, /^Error: organizations\/tetrate\/tenants\/prod-abc\/\S+ \(\S+ws\.yaml#\d+\): not found \[MB2301\]$/);
  assert.equal(lines[5], 'Error: 5 of 5 object(s) did not exist [MB2301]');
  assert.match(r.stderr, /--ignore-not-found/);
  assert.doesNotMatch(r.stderr, /--tenant|config users set/);
  const quiet = await tctl(['delete', '-f', f, '--ignore-not-found'], { env });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout + quiet.stderr, '');
});
