import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyConfig, parseConfig, parseDuration, redactConfig, serializeConfig } from './tctl-config.js';
import { isMeshError, TctlErrors } from '../../api/index.js';

test('a config round-trips through YAML with kebab-case keys', () => {
  const c = emptyConfig();
  c.currentProfile = 'gke-tsb';
  c.clusters['gke-tsb'] = { bridgeAddress: 'tsb.example.com:8443', tlsCustomCaFile: '/ca.pem', tlsInsecure: false };
  c.users['gke-user'] = { org: 'tetrate', tenant: 'prod', username: 'admin', token: 't', refreshToken: 'r' };
  c.profiles['gke-tsb'] = { cluster: 'gke-tsb', user: 'gke-user' };
  const text = serializeConfig(c);
  assert.match(text, /^current-profile: gke-tsb$/m);
  assert.match(text, /bridge-address: tsb.example.com:8443/);
  assert.match(text, /refresh-token: r/);
  assert.deepEqual(parseConfig(text, 'x.yaml'), c);
});

test('an empty file is an empty config', () => {
  assert.deepEqual(parseConfig('', 'x.yaml'), emptyConfig());
});

test('an unknown key is rejected naming the file, the entry and the known keys', () => {
  assert.throws(
    () => parseConfig('clusters:\n  a:\n    address: x\n', '/tmp/tctl.yaml'),
    (e: unknown) => isMeshError(e, TctlErrors.ConfigInvalid) && /\/tmp\/tctl.yaml: clusters.a.address is not a known key; use bridge-address/.test(e.message),
  );
});

test('a wrongly typed field is rejected naming the field', () => {
  assert.throws(() => parseConfig('clusters:\n  a:\n    tls-insecure: "yes"\n', 'f'), /clusters.a.tls-insecure must be a boolean/);
  assert.throws(() => parseConfig('users: [1]\n', 'f'), /users must be a mapping/);
  assert.throws(() => parseConfig('a: [', 'f'), /not valid YAML/);
});

test('redaction hides passwords and tokens but keeps the rest', () => {
  const c = emptyConfig();
  c.users.u = { org: 'o', password: 'p', token: 't' };
  assert.deepEqual(redactConfig(c).users.u, { org: 'o', password: 'REDACTED', token: 'REDACTED' });
  assert.equal(c.users.u.password, 'p');
});

test('durations parse Go style and reject junk', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('2'), 2000);
  assert.throws(() => parseDuration('soon'), /"soon" is not a duration/);
  assert.throws(() => parseDuration('10x'), /not a duration/);
});
