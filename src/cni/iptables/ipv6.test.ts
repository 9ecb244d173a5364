import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIpv6Cidr, isIpv6LoopbackCidr } from './ipv6.js';

test('canonicalIpv6Cidr: masks to the network and prints RFC 5952 text like ip6tables-save', () => {
  assert.equal(canonicalIpv6Cidr('fd00:0:0::1/8'), 'fd00::/8');
  assert.equal(canonicalIpv6Cidr('2001:DB8:0:0:1:0:0:1/128'), '2001:db8::1:0:0:1/128');
  assert.equal(canonicalIpv6Cidr('2001:db8:0:1:1:1:1:1/64'), '2001:db8:0:1::/64');
  assert.equal(canonicalIpv6Cidr('::/0'), '::/0');
  assert.equal(canonicalIpv6Cidr('::1/128'), '::1/128');
  assert.equal(canonicalIpv6Cidr('::ffff:10.1.2.3/128'), undefined);
  assert.equal(canonicalIpv6Cidr('fd00::1'), undefined);
  assert.equal(canonicalIpv6Cidr('fd00::1::2/64'), undefined);
  assert.equal(canonicalIpv6Cidr('fd00::/129'), undefined);
  assert.equal(canonicalIpv6Cidr('1:2:3:4:5:6:7:8:9/64'), undefined);
});

test('isIpv6LoopbackCidr', () => {
  assert.equal(isIpv6LoopbackCidr('::1/128'), true);
  assert.equal(isIpv6LoopbackCidr('::/0'), true);
  assert.equal(isIpv6LoopbackCidr('fd00::/8'), false);
});
