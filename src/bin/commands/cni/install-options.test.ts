import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CniErrors, isMeshError } from '../../../api/index.js';
import { parseDuration, parseInstallFlags } from './install-options.js';

test('parseInstallFlags: defaults are the node paths, :8000, 1s and an entry with the pod-annotations capability', () => {
  const c = parseInstallFlags({}, '/');
  assert.equal(c.confDir, '/etc/cni/net.d');
  assert.equal(c.binDir, '/opt/cni/bin');
  assert.deepEqual(c.health, { host: '0.0.0.0', port: 8000 });
  assert.equal(c.rescanMs, 1000);
  assert.equal(c.node, 'copy');
  assert.match(c.bundleSource, /dist\/meshbridge-cni\.js$/);
  assert.deepEqual(c.entry, {
    name: 'meshbridge-cni',
    type: 'meshbridge-cni',
    log_level: 'info',
    log_file: '/var/run/meshbridge-cni/meshbridge-cni.log',
    exclude_namespaces: ['kube-system', 'istio-system'],
    capabilities: { 'io.kubernetes.cri.pod-annotations': true },
  });
});

test('parseInstallFlags: relative dirs resolve against cwd, "off" disables the endpoint, empty log file drops log_file', () => {
  const c = parseInstallFlags({ 'cni-conf-dir': 'net.d', 'health-address': 'off', 'log-file': '', 'exclude-namespaces': 'a, b' }, '/work');
  assert.equal(c.confDir, '/work/net.d');
  assert.equal(c.health, undefined);
  assert.equal('log_file' in c.entry, false);
  assert.deepEqual(c.entry.exclude_namespaces, ['a', 'b']);
  assert.deepEqual(parseInstallFlags({ 'health-address': '[::1]:0' }, '/').health, { host: '::1', port: 0 });
});

for (const [flags, field] of [
  [{ 'log-level': 'loud' }, '--log-level'],
  [{ 'node-binary': 'node' }, '--node-binary'],
  [{ once: true, uninstall: true }, '--once'],
  [{ 'output-type': 'yaml' }, '--output-type'],
  [{ 'health-address': 'localhost' }, '--health-address'],
  [{ 'rescan-interval': '10ms' }, '--rescan-interval'],
] as const) {
  test(`parseInstallFlags: ${JSON.stringify(flags)} is rejected with MB5104 naming ${field}`, () => {
    assert.throws(
      () => parseInstallFlags({ ...flags }, '/'),
      (e: unknown) => isMeshError(e, CniErrors.CniInstallerFlagInvalid) && e.field === field,
    );
  });
}

test('parseDuration: ms, s and bare seconds', () => {
  assert.equal(parseDuration('x', '500ms'), 500);
  assert.equal(parseDuration('x', '2s'), 2000);
  assert.equal(parseDuration('x', '1.5'), 1500);
});
