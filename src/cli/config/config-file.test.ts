import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, loadConfig, saveConfig } from './config-file.js';
import { writeBootstrapProfile } from './bootstrap.js';

test('the config path follows -c, then TCTL_CONFIG, then XDG_CONFIG_HOME, then HOME', () => {
  assert.equal(configPath({ TCTL_CONFIG: '/e.yaml' }, '/cwd', 'rel.yaml'), '/cwd/rel.yaml');
  assert.equal(configPath({ TCTL_CONFIG: '/e.yaml', XDG_CONFIG_HOME: '/x' }, '/cwd'), '/e.yaml');
  assert.equal(configPath({ XDG_CONFIG_HOME: '/x' }, '/cwd'), '/x/meshbridge/tctl.yaml');
  assert.equal(configPath({ HOME: '/home/u' }, '/cwd'), '/home/u/.config/meshbridge/tctl.yaml');
});

test('saving writes mode 0600 atomically and leaves no temp file behind', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'sub', 'tctl.yaml');
  assert.deepEqual(await loadConfig(path), { clusters: {}, users: {}, profiles: {} });
  await saveConfig(path, { currentProfile: 'p', clusters: { c: { bridgeAddress: 'h:1' } }, users: {}, profiles: { p: { cluster: 'c' } } });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(join(dir, 'sub')), ['tctl.yaml']);
  assert.equal((await loadConfig(path)).profiles.p.cluster, 'c');
});

test('writeBootstrapProfile leaves a current profile and keeps other entries', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tctl.yaml');
  await saveConfig(path, { clusters: { other: { bridgeAddress: 'o:1' } }, users: {}, profiles: {} });
  const written = await writeBootstrapProfile({
    configPath: path,
    profile: 'demo',
    cluster: 'demo',
    address: '127.0.0.1:8443',
    caFile: '/data/tls/ca.pem',
    user: 'demo-admin',
    org: 'tetrate',
    username: 'admin',
    token: 'tok',
    refreshToken: 'ref',
  });
  assert.equal(written, path);
  const c = await loadConfig(path);
  assert.equal(c.currentProfile, 'demo');
  assert.deepEqual(c.clusters.demo, { bridgeAddress: '127.0.0.1:8443', tlsCustomCaFile: '/data/tls/ca.pem' });
  assert.deepEqual(c.users['demo-admin'], { org: 'tetrate', username: 'admin', token: 'tok', refreshToken: 'ref' });
  assert.deepEqual(c.profiles.demo, { cluster: 'demo', user: 'demo-admin' });
  assert.ok(c.clusters.other);
  assert.match(await readFile(path, 'utf8'), /current-profile: demo/);
});

test("GIVEN a profile written by meshbridge up and then edited by the user WHEN up writes it again THEN the user's fields stay, tokens are refreshed and no password is written", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tctl.yaml');
  const write = (token: string, address = '127.0.0.1:8443'): Promise<string> =>
    writeBootstrapProfile({
      configPath: path,
      profile: 'local',
      cluster: 'local',
      address,
      caFile: '/d/ca.pem',
      user: 'local-admin',
      org: 'tetrate',
      username: 'admin',
      token,
      refreshToken: `${token}-r`,
    });
  await write('t1');
  const c = await loadConfig(path);
  // What `tctl config users set local-admin --tenant prod` and `config clusters set --timeout` leave.
  c.users['local-admin'].tenant = 'prod';
  c.clusters.local.timeout = '45s';
  c.users.alice = { org: 'tetrate', username: 'alice', token: 'alice-token' };
  c.profiles.mine = { cluster: 'local', user: 'alice' };
  await saveConfig(path, c);
  await write('t2', '127.0.0.1:9000');
  const after = await loadConfig(path);
  assert.deepEqual(after.users['local-admin'], { org: 'tetrate', tenant: 'prod', username: 'admin', token: 't2', refreshToken: 't2-r' });
  assert.deepEqual(after.clusters.local, { bridgeAddress: '127.0.0.1:9000', tlsCustomCaFile: '/d/ca.pem', timeout: '45s' });
  assert.deepEqual(after.users.alice, { org: 'tetrate', username: 'alice', token: 'alice-token' });
  assert.deepEqual(after.profiles.mine, { cluster: 'local', user: 'alice' });
  assert.doesNotMatch(await readFile(path, 'utf8'), /password/);
});

test('an entry of the same name that belongs to another login keeps its credentials', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tctl-cfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tctl.yaml');
  await saveConfig(path, {
    clusters: {},
    users: { 'local-admin': { org: 'tetrate', username: 'alice', token: 'alice-token' } },
    profiles: { local: { cluster: 'local', user: 'local-admin' } },
  });
  await writeBootstrapProfile({
    configPath: path,
    profile: 'local',
    cluster: 'local',
    address: 'h:1',
    user: 'local-admin',
    org: 'tetrate',
    username: 'admin',
    token: 'admin-token',
  });
  assert.deepEqual((await loadConfig(path)).users['local-admin'], { org: 'tetrate', username: 'alice', token: 'alice-token' });
});
