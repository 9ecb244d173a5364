import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTctl } from '../../_memory-io.js';

async function tmpConfig(t: { after(fn: () => Promise<void>): void }): Promise<{ env: Record<string, string>; path: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cmd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tctl.yaml');
  return { env: { TCTL_CONFIG: path }, path, dir };
}

test("profiles list prints TSB's table with a star on the current profile", async (t) => {
  const { env, path } = await tmpConfig(t);
  for (const args of [
    ['config', 'clusters', 'set', 'default', '--bridge-address', '127.0.0.1:8443'],
    ['config', 'clusters', 'set', 'gke-tsb', '--bridge-address', 'tsb.example.com:8443', '--tls-insecure'],
    ['config', 'users', 'set', 'admin-user', '--org', 'tetrate', '--username', 'admin', '--password', 'x'],
    ['config', 'users', 'set', 'gke-user', '--org', 'tetrate', '--tenant', 'prod', '--username', 'gke'],
    ['config', 'profiles', 'set', 'default', '--cluster', 'default', '--username', 'admin-user'],
    ['config', 'profiles', 'set', 'gke-tsb', '--cluster', 'gke-tsb', '--username', 'gke-user'],
    ['config', 'profiles', 'set-current', 'gke-tsb'],
  ]) {
    const r = await runTctl(args, env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const r = await runTctl(['config', 'profiles', 'list'], env);
  assert.equal(r.stdout, '  CURRENT  NAME     CLUSTER  ACCOUNT\n           default  default  admin-user\n  *        gke-tsb  gke-tsb  gke-user\n');
  assert.equal((await runTctl(['config', 'profiles', 'get-current'], env)).stdout, 'gke-tsb\n');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  const view = await runTctl(['config', 'view'], env);
  assert.match(view.stdout, /password: REDACTED/);
  assert.doesNotMatch(view.stdout, /password: x$/m);
});

test('renaming a cluster carries the profiles along; deleting warns about dangling profiles', async (t) => {
  const { env, path } = await tmpConfig(t);
  await runTctl(['config', 'clusters', 'set', 'a', '--bridge-address', 'h:1'], env);
  await runTctl(['config', 'profiles', 'set', 'p', '--cluster', 'a'], env);
  assert.equal((await runTctl(['config', 'clusters', 'rename', 'a', 'b'], env)).code, 0);
  assert.match(await readFile(path, 'utf8'), /cluster: b/);
  const d = await runTctl(['config', 'clusters', 'delete', 'b'], env);
  assert.equal(d.code, 0);
  assert.match(d.stderr, /profile\(s\) p still point at cluster "b"/);
  const missing = await runTctl(['config', 'clusters', 'delete', 'b'], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cluster "b" is not in .*\[MB2003\]/);
});

test('--tls-disabled=false turns plain HTTP off again; a bad timeout is refused', async (t) => {
  const { env, path } = await tmpConfig(t);
  await runTctl(['config', 'clusters', 'set', 'a', '--bridge-address', 'h:1', '--tls-disabled'], env);
  assert.match(await readFile(path, 'utf8'), /tls-disabled: true/);
  await runTctl(['config', 'clusters', 'set', 'a', '--tls-disabled=false'], env);
  assert.doesNotMatch(await readFile(path, 'utf8'), /tls-disabled/);
  const bad = await runTctl(['config', 'clusters', 'set', 'a', '--timeout', 'soon'], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--timeout: "soon" is not a duration/);
});

test('export redacts credentials by default and import refuses clashes without --overwrite', async (t) => {
  const { env, dir } = await tmpConfig(t);
  await runTctl(['config', 'clusters', 'set', 'c', '--bridge-address', 'h:1'], env);
  await runTctl(['config', 'users', 'set', 'u', '--org', 'o', '--token', 'secret'], env);
  await runTctl(['config', 'profiles', 'set', 'p', '--cluster', 'c', '--username', 'u'], env);
  const ex = await runTctl(['config', 'profiles', 'export', 'p', '--file', '-'], env);
  assert.match(ex.stdout, /token: REDACTED/);
  const out = join(dir, 'exp.yaml');
  assert.equal((await runTctl(['config', 'profiles', 'export', 'p', '--file', out, '--include-credentials'], env)).code, 0);
  const other = { TCTL_CONFIG: join(dir, 'other.yaml') };
  assert.equal((await runTctl(['config', 'profiles', 'import', out], other)).code, 0);
  assert.match((await runTctl(['config', 'view', '--show-credentials'], other)).stdout, /token: secret/);
  const clash = await runTctl(['config', 'profiles', 'import', out], other);
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /clusters.c, users.u, profiles.p already exist; pass --overwrite/);
  assert.equal((await runTctl(['config', 'profiles', 'import', out, '--overwrite'], other)).code, 0);
});
