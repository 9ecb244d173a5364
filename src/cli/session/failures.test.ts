import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTctl } from '../_memory-io.js';
import { startFakeApi } from '../../client/fake-api.test-support.js';

async function cfg(t: { after(fn: () => Promise<void>): void }): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-fail-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return { TCTL_CONFIG: join(dir, 'tctl.yaml') };
}

test('no config at all: no current profile, with the setup commands', async (t) => {
  const env = await cfg(t);
  const r = await runTctl(['get', 'tns'], env);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^Error: no current profile in .*tctl.yaml \(the file has no profiles\) \[MB2001\]\nFix: Set one up:\n  tctl config clusters set default --bridge-address/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('-p naming a missing profile lists the ones that exist', async (t) => {
  const env = await cfg(t);
  await runTctl(['config', 'profiles', 'set', 'a'], env);
  const r = await runTctl(['-p', 'b', 'get', 'tns'], env);
  assert.match(r.stderr, /profile "b" \(from -p\/--profile\) is not in .*; profiles: a \[MB2002\]/);
});

test('a profile pointing at a missing cluster or user says so with the fix', async (t) => {
  const env = await cfg(t);
  await runTctl(['config', 'profiles', 'set', 'p', '--cluster', 'gone', '--username', 'nobody'], env);
  await runTctl(['config', 'profiles', 'set-current', 'p'], env);
  const c = await runTctl(['get', 'tns'], env);
  assert.match(
    c.stderr,
    /profile "p" points at cluster "gone", which is not in .* \[MB2003\]\nFix: Create the cluster entry: tctl config clusters set gone --bridge-address <host:port>/,
  );
  await runTctl(['config', 'clusters', 'set', 'gone', '--bridge-address', '127.0.0.1:1'], env);
  const u = await runTctl(['get', 'tns'], env);
  assert.match(
    u.stderr,
    /profile "p" points at user "nobody", which is not in .* \[MB2004\]\nFix: Log in \(creates the user entry and attaches it\): tctl login/,
  );
});

test('a refused connection and a silent server are told apart', async (t) => {
  const env = await cfg(t);
  const sockets: Socket[] = [];
  const silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  t.after(
    () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        silent.close(() => r());
      }),
  );
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  await runTctl(['config', 'users', 'set', 'u', '--org', 'o', '--username', 'a', '--password', 'b'], env);
  await runTctl(['config', 'clusters', 'set', 'c', '--bridge-address', `127.0.0.1:${deadPort}`], env);
  await runTctl(['config', 'profiles', 'set', 'p', '--cluster', 'c', '--username', 'u'], env);
  await runTctl(['config', 'profiles', 'set-current', 'p'], env);
  const refused = await runTctl(['get', 'tns'], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`connection refused by 127.0.0.1:${deadPort} for cluster "c" \\(profile "p", .*\\[MB2011\\]`));
  await runTctl(['config', 'clusters', 'set', 'c', '--bridge-address', `127.0.0.1:${(silent.address() as AddressInfo).port}`, '--timeout', '300ms'], env);
  const slow = await runTctl(['get', 'tns'], env);
  assert.match(slow.stderr, /no answer from cluster "c" .*within 300 ms \[MB2012\]\nFix: .*tctl config clusters set c --timeout 60s/);
});

test('rejected credentials say which user entry and suggest logging in again', async (t) => {
  const env = await cfg(t);
  const api = await startFakeApi();
  t.after(() => api.close());
  await runTctl(['config', 'clusters', 'set', 'c', '--bridge-address', api.address, '--tls-disabled'], env);
  await runTctl(['config', 'users', 'set', 'u', '--org', 'tetrate', '--username', 'admin', '--password', 'wrong'], env);
  await runTctl(['config', 'profiles', 'set', 'p', '--cluster', 'c', '--username', 'u'], env);
  const r = await runTctl(['-p', 'p', 'whoami'], env);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /rejected the username\/password of user "u" \(profile "p"\).*\[MB2016\]\nFix: Log in again: tctl -p p login --org tetrate --username admin/,
  );
  const debug = await runTctl(['-p', 'p', 'whoami', '--debug'], env);
  assert.match(debug.stderr, /\[debug\] > GET \/v2\/whoami/);
  assert.match(debug.stderr, /\n\s+at /);
});

test('--org and --tenant override the user entry on any command', async (t) => {
  const env = await cfg(t);
  const api = await startFakeApi();
  t.after(() => api.close());
  await runTctl(['config', 'clusters', 'set', 'c', '--bridge-address', api.address, '--tls-disabled'], env);
  await runTctl(['config', 'users', 'set', 'u', '--org', 'a', '--tenant', 'b', '--username', 'admin', '--password', 'pw'], env);
  await runTctl(['config', 'profiles', 'set', 'default', '--cluster', 'c', '--username', 'u'], env);
  await runTctl(['get', 'ws', '--org', 'x', '--tenant', 'y'], env);
  assert.ok(api.log.includes('GET /v2/organizations/x/tenants/y/workspaces'), api.log.join('\n'));
});

test('a hand-edited bridge address that is not host:port is a config error naming the entry', async (t) => {
  const env = await cfg(t);
  await writeFile(
    env.TCTL_CONFIG,
    'current-profile: p\nclusters:\n  c:\n    bridge-address: "https://"\nusers:\n  u:\n    org: o\nprofiles:\n  p:\n    cluster: c\n    user: u\n',
  );
  const r = await runTctl(['get', 'tns'], env);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /cluster "c" in .*: bridge address "https:\/\/" is not host:port \[MB2000\]\nFix: tctl config clusters set c --bridge-address <host:port>/,
  );
});
