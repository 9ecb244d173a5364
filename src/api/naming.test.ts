import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsName, fnv1a } from './naming.js';

test('fnv1a is the 32-bit FNV-1a hash as 8 hex digits', () => {
  // Reference values of FNV-1a 32 (offset basis 0x811c9dc5, prime 0x01000193).
  assert.equal(fnv1a(''), '811c9dc5');
  assert.equal(fnv1a('a'), 'e40c292c');
  assert.equal(fnv1a('foobar'), 'bf9cf968');
});

test('dnsName joins parts and replaces what DNS-1123 forbids', () => {
  assert.equal(dnsName(['istio-cni-node', 'Stable_1']), 'istio-cni-node-stable-1');
  assert.equal(dnsName(['-a', '', 'b-']), 'a-b');
  assert.equal(dnsName(['', '--']), 'x');
});

test('dnsName keeps long names at the limit with a stable hash suffix', () => {
  const long = 'x'.repeat(80);
  const a = dnsName(['gw', long]);
  assert.equal(a.length, 63);
  assert.equal(a, dnsName(['gw', long]));
  assert.notEqual(a, dnsName(['gw', `${long}y`]));
  assert.match(a, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  assert.equal(dnsName([long], 253), long, 'an object name may be longer than a label');
});
