import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildRules, renderFreshRestore } from './rule-builder.js';
import { redirectParams } from './redirect-params.js';

const golden = (name: string): URL => new URL(`./testdata/${name}.golden`, import.meta.url);

// GIVEN pod annotations (and a proxy identity) WHEN the rules are built THEN the restore input is the golden file.
// Regenerate after a deliberate change with MESHBRIDGE_UPDATE_GOLDEN=1 and review the diff.
const cases: Array<{ name: string; annotations: Record<string, string>; uid?: number; gid?: number; family?: 4 | 6 }> = [
  { name: 'basic', annotations: {} },
  { name: 'custom-uid', annotations: {}, uid: 1000, gid: 2000 },
  {
    name: 'include-exclude-ip',
    annotations: {
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,192.168.1.7/24',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.1/32, 169.254.169.254/32',
    },
  },
  {
    name: 'include-exclude-ports',
    annotations: {
      'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090',
      'traffic.sidecar.istio.io/excludeInboundPorts': '22',
      'traffic.sidecar.istio.io/excludeOutboundPorts': '5432,6379',
    },
  },
  { name: 'exclude-inbound', annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '22,15021' } },
  { name: 'no-inbound', annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '' } },
  { name: 'ipv6-basic', annotations: {}, family: 6 },
  {
    name: 'ipv6-include-exclude-ip',
    family: 6,
    annotations: {
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,fd00:10:96::/108',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': 'fd00:10:96::1/128',
    },
  },
  {
    name: 'include-outbound-ports-only',
    annotations: { 'traffic.sidecar.istio.io/includeOutboundIPRanges': '', 'traffic.sidecar.istio.io/includeOutboundPorts': '443,8443' },
  },
  { name: 'loopback-included', annotations: { 'traffic.sidecar.istio.io/includeOutboundIPRanges': '127.0.0.0/8' } },
];

for (const c of cases) {
  test(`rule builder: ${c.name} matches testdata/${c.name}.golden`, () => {
    const got = renderFreshRestore(buildRules(redirectParams(c.annotations, { uid: c.uid, gid: c.gid }), c.family));
    if (process.env.MESHBRIDGE_UPDATE_GOLDEN === '1') writeFileSync(golden(c.name), got);
    assert.equal(got, readFileSync(golden(c.name), 'utf8'));
  });
}

test('rule builder: defaults follow Istio: 15008 returns first, 15020/15021/15090 excluded inbound, 15020 outbound, catch-all last', () => {
  const { rules } = buildRules(redirectParams({}));
  const inbound = rules.filter((r) => r.startsWith('-A ISTIO_INBOUND'));
  assert.deepEqual(inbound, [
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN',
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN',
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN',
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
    '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
  ]);
  const output = rules.filter((r) => r.startsWith('-A ISTIO_OUTPUT'));
  assert.equal(output[0], '-A ISTIO_OUTPUT -p tcp -m tcp --dport 15020 -j RETURN');
  assert.equal(output.at(-1), '-A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  assert.ok(rules.includes('-A OUTPUT -j ISTIO_OUTPUT'));
  assert.ok(rules.includes('-A PREROUTING -p tcp -j ISTIO_INBOUND'));
});

test('rule builder: an explicit includeInboundPorts list ignores excludeInboundPorts, as Istio does', () => {
  const { rules } = buildRules(redirectParams({ 'traffic.sidecar.istio.io/includeInboundPorts': '80', 'traffic.sidecar.istio.io/excludeInboundPorts': '22' }));
  assert.deepEqual(
    rules.filter((r) => r.startsWith('-A ISTIO_INBOUND')),
    ['-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN', '-A ISTIO_INBOUND -p tcp -m tcp --dport 80 -j ISTIO_IN_REDIRECT'],
  );
});

test('rule builder: empty includeInboundPorts installs no PREROUTING jump', () => {
  const { rules } = buildRules(redirectParams({ 'traffic.sidecar.istio.io/includeInboundPorts': '' }));
  assert.equal(
    rules.some((r) => r.startsWith('-A PREROUTING')),
    false,
  );
});

test('rule builder: includeOutboundIPRanges containing loopback drops the app-to-app loopback RETURN rules', () => {
  const { rules } = buildRules(redirectParams({ 'traffic.sidecar.istio.io/includeOutboundIPRanges': '127.0.0.0/8,10.0.0.0/8' }));
  assert.equal(
    rules.some((r) => r.includes('-o lo -m owner !')),
    false,
  );
  assert.ok(rules.includes('-A ISTIO_OUTPUT -d 127.0.0.0/8 -j ISTIO_REDIRECT'));
  assert.ok(rules.includes('-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT'));
  assert.equal(rules.includes('-A ISTIO_OUTPUT -j ISTIO_REDIRECT'), false);
});
