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
    configPath: path, profile: 'demo', cluster: 'demo', address: '127.0.0.1:8443', caFile: '/data/tls/ca.pem',
    user: 'demo-admin', org: 'tetrate', username: 'admin', token: 'tok', refreshToken: 'ref',
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
