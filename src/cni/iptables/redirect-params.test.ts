import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CniErrors } from '../../api/index.js';
import { CNI_ERROR_CODES, CniFault } from '../cni-fault.js';
import { canonicalIpv4Cidr, isLoopbackCidr, redirectParams } from './redirect-params.js';

test('redirectParams: no annotations gives Istio defaults', () => {
  assert.deepEqual(redirectParams({}), {
    proxyUid: 1337,
    proxyGid: 1337,
    includeOutboundCidrs: '*',
    excludeOutboundCidrs: [],
    includeInboundPorts: '*',
    excludeInboundPorts: [15020, 15021, 15090],
    excludeOutboundPorts: [15020],
    includeOutboundPorts: [],
    includeOutboundCidrs6: '*',
    excludeOutboundCidrs6: [],
  });
});

test('redirectParams: excludeInboundPorts keeps user ports first and dedups the always-excluded ones', () => {
  const p = redirectParams({ 'traffic.sidecar.istio.io/excludeInboundPorts': '22, 15021,22' });
  assert.deepEqual(p.excludeInboundPorts, [22, 15021, 15020, 15090]);
});

test('redirectParams: an excludeOutboundPorts annotation replaces the 15020 default', () => {
  assert.deepEqual(redirectParams({ 'traffic.sidecar.istio.io/excludeOutboundPorts': '5432' }).excludeOutboundPorts, [5432]);
});

test('redirectParams: CIDRs are canonicalised as (ip6)iptables-save prints them and split by family', () => {
  const p = redirectParams({
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.1.2.3/8,fd00:0::1/8',
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12',
  });
  assert.deepEqual(p.excludeOutboundCidrs, ['10.0.0.0/8']);
  assert.deepEqual(p.excludeOutboundCidrs6, ['fd00::/8']);
  assert.deepEqual(p.includeOutboundCidrs, ['10.96.0.0/12']);
  assert.deepEqual(p.includeOutboundCidrs6, [], 'an IPv4-only include list captures no IPv6 destination, as in Istio');
});

test('redirectParams: proxy uid/gid 0 or absent fall back to 1337', () => {
  assert.equal(redirectParams({}, { uid: 0 }).proxyUid, 1337);
  assert.equal(redirectParams({}, { uid: 1500, gid: 1600 }).proxyGid, 1600);
});

for (const [key, value] of [
  ['traffic.sidecar.istio.io/excludeInboundPorts', '22,abc'],
  ['traffic.sidecar.istio.io/includeInboundPorts', '70000'],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', '*'],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0'],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '300.1.1.1/8'],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '*'],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'fd00::1'],
] as const) {
  test(`redirectParams: ${key}="${value}" is rejected naming the annotation`, () => {
    assert.throws(
      () => redirectParams({ [key]: value }),
      (e: unknown) =>
        e instanceof CniFault && e.errorName === 'CniAnnotationInvalid' && e.message.includes(key) && e.opts.field === `metadata.annotations["${key}"]`,
    );
  });
}

test('redirectParams: TPROXY interception is refused with its own code', () => {
  assert.throws(
    () => redirectParams({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }),
    (e: unknown) => e instanceof CniFault && e.errorName === 'CniInterceptionModeUnsupported',
  );
  assert.equal(redirectParams({ 'sidecar.istio.io/interceptionMode': 'REDIRECT' }).proxyUid, 1337);
});

test('canonicalIpv4Cidr and isLoopbackCidr', () => {
  assert.equal(canonicalIpv4Cidr('192.168.1.7/24'), '192.168.1.0/24');
  assert.equal(canonicalIpv4Cidr('0.0.0.0/0'), '0.0.0.0/0');
  assert.equal(canonicalIpv4Cidr('1.2.3.4/33'), undefined);
  assert.equal(isLoopbackCidr('127.0.0.1/32'), true);
  assert.equal(isLoopbackCidr('0.0.0.0/0'), true);
  assert.equal(isLoopbackCidr('10.0.0.0/8'), false);
});

test("CNI_ERROR_CODES lists exactly the catalogue's MB5xxx entries with the same codes", () => {
  assert.deepEqual(CNI_ERROR_CODES, Object.fromEntries(Object.entries(CniErrors).map(([name, def]) => [name, def.code])));
  for (const [name, def] of Object.entries(CniErrors)) {
    assert.equal(def.name, name);
    assert.match(def.code, /^MB5\d{3}$/);
  }
});
