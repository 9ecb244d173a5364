import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeshError } from '../api/index.js';
import { loadServerConfig, parseListen } from './config.js';

test('defaults: ./data, :8443, :9443, organization tetrate, HTTPS; the object is frozen', () => {
  const c = loadServerConfig({}, {}, '/srv');
  assert.equal(c.dataDir, '/srv/data');
  assert.equal(c.listen, ':8443');
  assert.equal(c.agentListen, ':9443');
  assert.equal(c.organization, 'tetrate');
  assert.equal(c.insecureHttp, false);
  assert.deepEqual(c.hostnames, []);
  assert.ok(Object.isFrozen(c));
});

test('a flag wins over its MESHBRIDGE_* variable, which wins over the default', () => {
  const env = {
    MESHBRIDGE_LISTEN: '127.0.0.1:9000',
    MESHBRIDGE_DATA_DIR: '/var/mb',
    MESHBRIDGE_INSECURE_HTTP: 'true',
    MESHBRIDGE_HOSTNAME: 'a.example.com,b.example.com',
  };
  const c = loadServerConfig({ listen: ':7000' }, env, '/srv');
  assert.equal(c.listen, ':7000');
  assert.equal(c.dataDir, '/var/mb');
  assert.equal(c.insecureHttp, true);
  assert.deepEqual(c.hostnames, ['a.example.com', 'b.example.com']);
  assert.deepEqual(loadServerConfig({ hostname: ['x.example.com'] }, env).hostnames, ['x.example.com']);
});

test('bad values name the flag and its variable', () => {
  const bad = (flags: Record<string, string | boolean>, env: Record<string, string>, re: RegExp): void =>
    assert.throws(
      () => loadServerConfig(flags, env),
      (e: unknown) => e instanceof MeshError && e.code === 'MB1018' && re.test(e.message),
    );
  bad({ listen: 'nowhere' }, {}, /--listen \(MESHBRIDGE_LISTEN\)/);
  bad({}, { MESHBRIDGE_INSECURE_HTTP: 'maybe' }, /MESHBRIDGE_INSECURE_HTTP: "maybe" is not a boolean/);
  bad({ 'tls-key': 'k.pem' }, {}, /--tls-cert and --tls-key go together/);
  bad({ 'admin-password': 'short' }, {}, /--admin-password \(MESHBRIDGE_ADMIN_PASSWORD\): the value is not valid/);
  assert.throws(
    () => loadServerConfig({ 'admin-password': 'short' }, {}),
    (e: unknown) => !String((e as Error).message).includes('short'),
  );
  bad({ 'log-level': 'loud' }, {}, /--log-level/);
  assert.throws(() => loadServerConfig({ organization: 'Not_Valid' }, {}), /--organization/);
});

test('parseListen splits host and port, including IPv6 and the every-interface form', () => {
  assert.deepEqual(parseListen(':8443'), { host: '', port: 8443 });
  assert.deepEqual(parseListen('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseListen('[::1]:8443'), { host: '::1', port: 8443 });
  assert.throws(() => parseListen(':99999'), /port must be 0-65535/);
});
