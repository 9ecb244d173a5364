import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsName, assertDnsLabel } from './naming.js';
import { isMeshError, InstallErrors } from '../api/index.js';

test('dnsName joins parts and replaces what DNS-1123 forbids', () => {
  assert.equal(dnsName('istio-cni-node', 'Stable_1'), 'istio-cni-node-stable-1');
  assert.equal(dnsName('-a', '', 'b-'), 'a-b');
});

test('dnsName keeps long names at 63 characters with a stable hash suffix', () => {
  const long = 'x'.repeat(80);
  const a = dnsName('gw', long);
  assert.equal(a.length, 63);
  assert.equal(a, dnsName('gw', long));
  assert.notEqual(a, dnsName('gw', long + 'y'));
  assert.match(a, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
});

test('assertDnsLabel names the field of a bad name', () => {
  assert.doesNotThrow(() => assertDnsLabel('ok-name', 'metadata.name'));
  assert.throws(() => assertDnsLabel('Bad_Name', 'metadata.name'), (e) => isMeshError(e, InstallErrors.InstallNameInvalid) && /metadata\.name: "Bad_Name"/.test(e.message));
});
