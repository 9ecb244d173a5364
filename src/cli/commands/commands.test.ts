import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTctl } from '../_memory-io.js';
import { startFakeApi, type FakeApi } from '../../client/fake-api.test-support.js';
import { loadConfig } from '../config/config-file.js';

interface Env {
  api: FakeApi;
  env: Record<string, string>;
  dir: string;
  path: string;
}

/** A fake API plus a config with profile `demo` → cluster `demo` (plain HTTP), logged in as admin. */
async function setup(t: { after(fn: () => Promise<void>): void }, login = true): Promise<Env> {
  const api = await startFakeApi();
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cmd-'));
  t.after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });
  const path = join(dir, 'tctl.yaml');
  const env = { TCTL_CONFIG: path };
  await runTctl(['config', 'clusters', 'set', 'demo', '--bridge-address', api.address, '--tls-disabled'], env);
  await runTctl(['config', 'profiles', 'set', 'demo', '--cluster', 'demo'], env);
  await runTctl(['config', 'profiles', 'set-current', 'demo'], env);
  if (login) {
    const r = await runTctl(['login', '--org', 'tetrate', '--tenant', 'prod', '--username', 'admin', '--password', 'pw'], env);
    assert.equal(r.code, 0, r.stderr);
  }
  return { api, env, dir, path };
}

const ORG = 'apiVersion: api.tsb.tetrate.io/v2\nkind: Organization\nmetadata:\n  name: tetrate\nspec:\n  displayName: Tetrate\n';
const TENANT =
  'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: prod\nspec:\n  displayName: Prod\n  description: production\n';
const WS =
  'apiVersion: api.tsb.tetrate.io/v2\nkind: Workspace\nmetadata:\n  organization: tetrate\n  tenant: prod\n  name: pay\nspec:\n  namespaceSelector:\n    names: ["*/pay"]\n';

test('login reads piped answers line by line, stores tokens not the password, and attaches the user', async (t) => {
  const { env, path } = await setup(t, false);
  const r = await runTctl(['login'], env, 'tetrate\n\nadmin\npw\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^Organization: \nTenant: \nUsername: \nPassword: \nLogin Successful!\n  Configured user: demo-admin\n  User "demo-admin" enabled in profile: demo\n$/,
  );
  const c = await loadConfig(path);
  assert.equal(c.profiles.demo.user, 'demo-admin');
  assert.equal(c.users['demo-admin'].password, undefined);
  assert.match(c.users['demo-admin'].token ?? '', /^at-/);
  assert.doesNotMatch(await readFile(path, 'utf8'), /\bpw\b/);
  const who = await runTctl(['whoami'], env);
  assert.match(who.stdout, /admin\s+tetrate\s+user/);
});

test('login takes TCTL_LOGIN_* variables, and a wrong password is LoginFailed', async (t) => {
  const { env } = await setup(t, false);
  const ok = await runTctl(['login'], { ...env, TCTL_LOGIN_ORG: 'tetrate', TCTL_LOGIN_TENANT: '', TCTL_LOGIN_USERNAME: 'admin', TCTL_LOGIN_PASSWORD: 'pw' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stdout, /Password:/);
  const bad = await runTctl(['login', '--org', 'tetrate', '--username', 'admin', '--password', 'nope'], env, '\n');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /rejected username "admin" with that password.*\[MB2025\]/);
  const blank = await runTctl(['login', '--username', 'admin', '--password', 'pw'], env, '\n\n');
  assert.equal(blank.code, 0, blank.stderr);
  assert.equal((await loadConfig(env.TCTL_CONFIG)).users['demo-admin'].org, 'tetrate');
  const eof = await runTctl(['login', '--org', 'tetrate'], env, '\n');
  assert.equal(eof.code, 1);
  assert.match(eof.stderr, /username not given: stdin ended .*--username \/ TCTL_LOGIN_USERNAME/);
});

test('apply orders parents first, prints one line per object, then reports unchanged and configured', async (t) => {
  const { env, dir } = await setup(t);
  const file = join(dir, 'all.yaml');
  await writeFile(file, [WS, TENANT, ORG].join('---\n'));
  const r = await runTctl(['apply', '-f', file], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'organizations/tetrate created\norganizations/tetrate/tenants/prod created\norganizations/tetrate/tenants/prod/workspaces/pay created\n',
  );
  await writeFile(file, [ORG, TENANT.replace('production', 'live'), WS].join('---\n'));
  const again = await runTctl(['apply', '-f', file], env);
  assert.equal(
    again.stdout,
    'organizations/tetrate unchanged\norganizations/tetrate/tenants/prod configured\norganizations/tetrate/tenants/prod/workspaces/pay unchanged\n',
  );
  const get = await runTctl(['get', 'tns'], env);
  assert.equal(get.stdout, 'NAME  DISPLAY NAME  DESCRIPTION\nprod  Prod          live\n');
  const one = await runTctl(['get', 'api.tsb.tetrate.io/v2/Workspace', 'pay', '-o', 'json'], env);
  assert.equal(JSON.parse(one.stdout).spec.fqn, 'organizations/tetrate/tenants/prod/workspaces/pay');
  assert.equal((await runTctl(['get', 'ws', '--tenant', 'prod', 'nothing-here'], env)).code, 1);
});

test('apply continues past a failing object and exits non-zero', async (t) => {
  const { env, dir } = await setup(t);
  const file = join(dir, 'bad.yaml');
  await writeFile(file, [ORG, WS.replace('tenant: prod', 'tenant: ghost')].join('---\n'));
  const r = await runTctl(['apply', '-f', file], env);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'organizations/tetrate created\n');
  assert.match(
    r.stderr,
    /organizations\/tetrate\/tenants\/ghost\/workspaces\/pay \(.*bad.yaml#2\): tenant "ghost" \(from metadata.tenant in .*bad.yaml#2\) does not exist/,
  );
  assert.match(r.stderr, /1 of 2 object\(s\) failed/);
});

test('a wrong organization names its source, lists the visible ones and prints the fix', async (t) => {
  const { env, dir } = await setup(t);
  await writeFile(join(dir, 'o.yaml'), [ORG, TENANT].join('---\n'));
  await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  const r = await runTctl(['get', 'tenants', '--org', 'wrong'], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /organization "wrong" \(from flag --org\) does not exist or admin cannot see it; organizations admin can see: tetrate \[MB2006\]/);
  assert.match(r.stderr, /Fix: Pass --org tetrate --tenant prod, or make it the default: tctl config users set demo-admin --org tetrate --tenant prod/);
  await runTctl(['config', 'users', 'set', 'demo-admin', '--tenant', 'nope'], env);
  const w = await runTctl(['get', 'ws'], env);
  assert.match(
    w.stderr,
    /tenant "nope" \(from profile "demo" → user "demo-admin"\) does not exist in organizations\/tetrate or admin cannot see it; tenants admin can see there: prod \[MB2007\]\nFix: tctl config users set demo-admin --org tetrate --tenant prod\n/,
  );
  await runTctl(['config', 'users', 'set', 'demo-admin', '--tenant', ''], env);
  const m = await runTctl(['get', 'ws'], env);
  assert.match(m.stderr, /Workspace lives in a tenant, but none was given .*tenants admin can see in organizations\/tetrate: prod \[MB2009\]/);
});

test('an expired token is refreshed transparently and the new one saved', async (t) => {
  const { api, env, path } = await setup(t);
  const before = (await loadConfig(path)).users['demo-admin'].token as string;
  api.expiredTokens.add(before);
  const r = await runTctl(['whoami', '-o', 'json'], env);
  assert.equal(r.code, 0, r.stderr);
  const after = (await loadConfig(path)).users['demo-admin'];
  assert.notEqual(after.token, before);
  await runTctl(['config', 'users', 'set', 'demo-admin', '--refresh-token', 'bogus'], env);
  api.expiredTokens.add(after.token as string);
  const dead = await runTctl(['whoami'], env);
  assert.equal(dead.code, 1);
  assert.match(dead.stderr, /refreshing it failed.*\[MB2017\]\nFix: Log in again: tctl -p demo login --org tetrate --username admin/);
});

test('403 names the missing permission and the FQN', async (t) => {
  const { api, env, dir } = await setup(t);
  api.readOnly.add('organizations/tetrate');
  await writeFile(join(dir, 'o.yaml'), ORG);
  const r = await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /admin \(user entry "demo-admin"\) lacks CREATE on organizations: .*\[MB2018\]/);
});

test('edit re-applies with the etag and reports a concurrent change with both etags', async (t) => {
  const { api, env, dir } = await setup(t);
  await writeFile(join(dir, 'o.yaml'), [ORG, TENANT].join('---\n'));
  await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  const editor = join(dir, 'ed.sh');
  await writeFile(editor, '#!/bin/sh\nsed -i "s/displayName: Prod/displayName: Edited/" "$1"\n');
  await chmod(editor, 0o755);
  const r = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: editor });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'organizations/tetrate/tenants/prod edited\n');
  assert.equal(api.resources.get('organizations/tetrate/tenants/prod')?.spec?.displayName, 'Edited');
  const racing = join(dir, 'race.sh');
  // The "editor" changes the tenant behind tctl's back (as another user would) before saving.
  await writeFile(
    racing,
    `#!/bin/sh\nTCTL_CONFIG=${env.TCTL_CONFIG} ${process.execPath} --import tsx ${join(process.cwd(), 'src/bin/tctl.ts')} apply -f ${join(dir, 'o.yaml')} >/dev/null\nsed -i "s/displayName: Edited/displayName: Mine/" "$1"\n`,
  );
  await chmod(racing, 0o755);
  const c = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: racing, PATH: process.env.PATH ?? '' });
  assert.equal(c.code, 1, c.stdout);
  assert.match(c.stderr, /organizations\/tetrate\/tenants\/prod changed while you edited it: you edited etag "e\d+", the server now has "e\d+" \[MB2022\]/);
  const cancel = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: 'true' });
  assert.equal(cancel.stdout, 'Edit cancelled, no changes made.\n');
});

test('delete by name and by file; status and audit read back', async (t) => {
  const { env, dir } = await setup(t);
  const f = join(dir, 'o.yaml');
  await writeFile(f, [ORG, TENANT, WS].join('---\n'));
  await runTctl(['apply', '-f', f], env);
  const st = await runTctl(['status', 'org', 'tetrate'], env);
  assert.equal(st.stdout, 'NAME     STATUS  LAST EVENT   MESSAGE\ntetrate  READY   XCP_APPLIED  Resource is ready to be used\n');
  const audit = await runTctl(['x', 'audit', '--kind', 'tns'], env);
  assert.match(audit.stdout, /admin\s+create\s+Tenant\s+organizations\/tetrate\/tenants\/prod/);
  const d = await runTctl(['delete', 'ws', 'pay'], env);
  assert.equal(d.stdout, 'organizations/tetrate/tenants/prod/workspaces/pay deleted\n');
  const byFile = await runTctl(['delete', '-f', f], env);
  assert.equal(byFile.code, 1);
  assert.match(byFile.stdout, /organizations\/tetrate\/tenants\/prod deleted\norganizations\/tetrate deleted\n/);
  assert.match(byFile.stderr, /workspaces\/pay.*not found/);
  assert.equal((await runTctl(['get', 'org'], env)).stdout, 'No resources found\n');
});

test('x audit filters by operation, text and count, and rejects a bad --since', async (t) => {
  const { env, dir } = await setup(t);
  await writeFile(join(dir, 'o.yaml'), [ORG, TENANT, WS].join('---\n'));
  await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  await runTctl(['delete', 'ws', 'pay'], env);
  const del = await runTctl(['x', 'audit', '--operation', 'DELETE', '-o', 'json'], env);
  assert.deepEqual(
    JSON.parse(del.stdout).map((e: { fqn: string }) => e.fqn),
    ['organizations/tetrate/tenants/prod/workspaces/pay'],
  );
  const text = await runTctl(['x', 'audit', '--text', 'tenants/prod', '--max-logs', '1', '-o', 'json'], env);
  assert.equal(JSON.parse(text.stdout).length, 1);
  const rec = await runTctl(['x', 'audit', 'organizations/tetrate/tenants/prod', '--recursive', '-o', 'json'], env);
  assert.equal(JSON.parse(rec.stdout).length, 3);
  const bad = await runTctl(['x', 'audit', '--since', 'yesterday'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--since: "yesterday" is not a time; use "2006\/01\/02 15:04:05" or ISO 8601/);
});

/** An $EDITOR that breaks the kind on its first run and, on the next, saves the header it saw and fixes it. */
async function breakingEditor(dir: string, fixOnReopen: boolean): Promise<string> {
  const editor = join(dir, fixOnReopen ? 'fixing.sh' : 'breaking.sh');
  const second = fixOnReopen
    ? `head -3 "$1" > "$0.seen"; sed -i "s/kind: Tenat/kind: Tenant/; s/displayName: Prod/displayName: Fixed/" "$1"`
    : `head -3 "$1" > "$0.seen"`;
  await writeFile(
    editor,
    `#!/bin/sh\nn=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"\nif [ $n = 1 ]; then sed -i "s/kind: Tenant/kind: Tenat/" "$1"; else ${second}; fi\n`,
  );
  await chmod(editor, 0o755);
  return editor;
}

test('edit that fails validation on a terminal reopens the editor with the error on top, then applies the fixed copy', async (t) => {
  const { env, dir } = await setup(t);
  await writeFile(join(dir, 'o.yaml'), [ORG, TENANT].join('---\n'));
  await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  const editor = await breakingEditor(dir, true);
  const r = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: editor }, '', process.cwd(), true);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'organizations/tetrate/tenants/prod edited\n');
  assert.equal(await readFile(`${editor}.count`, 'utf8'), '2\n');
  assert.match(
    await readFile(`${editor}.seen`, 'utf8'),
    /^# error: \S+tenants\.yaml#1: api\.tsb\.tetrate\.io\/v2 Tenat is not a kind meshbridge serves \[MB2019\]\n# error: Fix: Use a kind/,
  );
  const got = await runTctl(['get', 'tenant', 'prod', '-o', 'yaml'], env);
  assert.match(got.stdout, /displayName: Fixed/);
});

test('edit that fails validation without a terminal keeps the edited copy and names its path; giving up on a terminal does too', async (t) => {
  const { env, dir } = await setup(t);
  await writeFile(join(dir, 'o.yaml'), [ORG, TENANT].join('---\n'));
  await runTctl(['apply', '-f', join(dir, 'o.yaml')], env);
  const r = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: await breakingEditor(dir, false) });
  assert.equal(r.code, 1);
  const kept = /your edited copy is kept at (\S+\.yaml)/.exec(r.stderr)?.[1];
  assert.ok(kept, r.stderr);
  assert.match(r.stderr, /^Error: the edited objects are not valid: .*\[MB2019\]; your edited copy is kept at .* \[MB2300\]\n/);
  assert.match(await readFile(kept, 'utf8'), /kind: Tenat/);
  await rm(join(dir, 'breaking.sh.count'));
  const gaveUp = await runTctl(['edit', 'tenant', 'prod'], { ...env, EDITOR: join(dir, 'breaking.sh') }, '', process.cwd(), true);
  assert.equal(gaveUp.code, 1);
  assert.match(gaveUp.stderr, /^Error: edit cancelled, no valid changes were saved; your edited copy is kept at \S+\.yaml \[MB2300\]/);
  assert.equal(await readFile(join(dir, 'breaking.sh.count'), 'utf8'), '2\n');
});
