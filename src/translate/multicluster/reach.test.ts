import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canReach, dialPort, hostMatches, isIpAddress, reachability, resolveTargets, sourceNetworks } from './reach.js';
import { failoverPolicy, serviceEntrySpec } from './endpoints.js';
import type { ClusterInfo, ConfigResource, GatewayInfo } from '../model.js';

const setting = (spec: Record<string, unknown>, fqn = 'organizations/o/settings/s'): ConfigResource => ({
  fqn,
  kind: fqn.includes('/workspaces/') ? 'WorkspaceSetting' : 'OrganizationSetting',
  apiVersion: 'api.tsb.tetrate.io/v2',
  name: 's',
  metadata: {},
  spec,
});
const settings = (...s: ConfigResource[]): { settings: Map<string, ConfigResource> } => ({
  settings: new Map(s.map((r) => [r.fqn.split('/').slice(0, -2).join('/'), r])),
});

test('networkReachability is one-way; same network or an unnamed destination is always reachable (TSB organization_setting)', () => {
  const rules = reachability(settings(setting({ networkSettings: { networkReachability: { a: 'b, c' } } })), 'organizations/o/clusters/x');
  assert.equal(canReach(rules, { network: 'a' }, { network: 'b' }), true);
  assert.equal(canReach(rules, { network: 'a' }, { network: 'c' }), true);
  assert.equal(canReach(rules, { network: 'b' }, { network: 'a' }), false, 'not bidirectional');
  assert.equal(canReach(rules, { network: 'b' }, { network: 'b' }), true);
  assert.equal(canReach(rules, { network: 'b' }, {}), true, 'destination network not named');
  assert.equal(canReach(rules, {}, { network: 'a' }), false, 'an unnamed source reaches only unnamed or its own');
});

test('hostnames match exactly or by a leading wildcard; addresses are IPs or names; the dial port is the nodePort when set', () => {
  assert.equal(hostMatches('*.example.com', 'a.example.com'), true);
  assert.equal(hostMatches('*.example.com', 'example.com'), false);
  assert.equal(hostMatches('A.example.com', 'a.example.com'), true);
  assert.equal(isIpAddress('10.0.0.1'), true);
  assert.equal(isIpAddress('fd00::1'), true);
  assert.equal(isIpAddress('gw.example.net'), false);
  const g: GatewayInfo = {
    namespace: 'n',
    name: 'g',
    kind: 'ingress',
    addresses: ['1.2.3.4'],
    hostnames: [],
    ports: [{ name: 'tls', port: 15443, nodePort: 31443 }],
  };
  assert.equal(dialPort(g, 15443), 31443);
  assert.equal(dialPort({ ...g, ports: [{ name: 'tls', port: 15443, nodePort: 0 }] }, 15443), 15443);
  assert.equal(dialPort(g, 443), undefined);
});

test('targets: unnamed candidates are the other clusters with an accepted gateway, sorted; problems say why each other one is left out', () => {
  const gw = (extra: Partial<GatewayInfo> = {}): GatewayInfo => ({
    namespace: 'n',
    name: 'g',
    kind: 'ingress',
    addresses: ['1.1.1.1'],
    hostnames: ['h'],
    ports: [{ name: 'tls', port: 15443 }],
    ...extra,
  });
  const mesh: ClusterInfo[] = [
    { name: 'src', namespaces: [], gateways: [gw()] },
    { name: 'z', namespaces: [], gateways: [gw()] },
    { name: 'a', namespaces: [], gateways: [gw()] },
    { name: 'sick', namespaces: [], gateways: [gw({ healthy: false })] },
    { name: 'noport', namespaces: [], gateways: [gw({ ports: [{ name: 'https', port: 443 }] })] },
    { name: 'far', network: 'other', namespaces: [], gateways: [gw()] },
  ];
  const { targets, problems } = resolveTargets({ source: mesh[0], mesh, rules: new Map(), accepts: () => true, port: 15443, what: 'gateway' });
  assert.deepEqual(
    targets.map((t) => t.cluster.name),
    ['a', 'z'],
  );
  assert.deepEqual(
    problems.map((p) => `${p.cluster} ${p.code}`),
    ['far MB3751', 'noport MB3754', 'sick MB3750'],
  );
});

test('reachability holds per gateway network and from every network the source sends from (a gateway label counts, the Cluster network too)', () => {
  const gw = (network?: string): GatewayInfo => ({
    namespace: 'n',
    name: 'g',
    kind: 'ingress',
    addresses: ['10.0.0.1'],
    hostnames: [],
    ports: [{ name: 'tls', port: 15443 }],
    ...(network ? { network } : {}),
  });
  const rules = new Map([['net-a', new Set(['net-b'])]]);
  const dst: ClusterInfo[] = [
    { name: 'b', network: 'net-b', namespaces: [], gateways: [gw()] },
    { name: 'c', namespaces: [], gateways: [gw('net-c')] },
    { name: 'mixed', namespaces: [], gateways: [gw('net-b'), { ...gw('net-c'), name: 'h' }] },
  ];
  const run = (source: ClusterInfo): string[] => {
    const r = resolveTargets({ source, mesh: [source, ...dst], rules, accepts: () => true, port: 15443, what: 'gateway' });
    return [
      ...r.targets.map((t) => `${t.cluster.name}:${t.gateways.map((g) => g.gateway.name).join('+')}`),
      ...r.problems.map((p) => `${p.cluster} ${p.code}`),
    ];
  };
  assert.deepEqual(run({ name: 's', network: 'net-a', namespaces: [] }), ['b:g', 'mixed:g', 'c MB3751']);
  // A source that names no network but whose gateway is labelled net-a sends from net-a.
  assert.deepEqual(run({ name: 's', namespaces: [], gateways: [gw('net-a')] }), ['b:g', 'mixed:g', 'c MB3751']);
  // A source on net-a with a gateway labelled net-x must be allowed from both: net-x reaches nothing named.
  assert.deepEqual(run({ name: 's', network: 'net-a', namespaces: [], gateways: [gw('net-x')] }), ['b MB3751', 'c MB3751', 'mixed MB3751']);
  assert.deepEqual(sourceNetworks({ name: 's', namespaces: [] }), [undefined]);
});

test('a ServiceEntry with any DNS-named endpoint resolves by DNS (STATIC takes IPs only)', () => {
  const c: ClusterInfo = { name: 'c', namespaces: [] };
  const g = (address: string): GatewayInfo => ({ namespace: 'n', name: 'g', kind: 'ingress', addresses: [address], hostnames: [], ports: [] });
  const ports = [{ name: 'http', number: 80, protocol: 'HTTP' }];
  assert.equal(serviceEntrySpec('h', ports, [{ cluster: c, gateways: [{ cluster: c, gateway: g('1.2.3.4'), port: 15443 }] }]).resolution, 'STATIC');
  assert.equal(serviceEntrySpec('h', ports, [{ cluster: c, gateways: [{ cluster: c, gateway: g('gw.example'), port: 15443 }] }]).resolution, 'DNS');
});

test('failover: failoverPriority wins over regionalFailover; failoverSettings over the older regionalFailover; a WorkspaceSetting overrides the organization', () => {
  const ws = 'organizations/o/tenants/t/workspaces/w';
  const lb = (o: Record<string, unknown>): unknown => (o.loadBalancer as { localityLbSetting: unknown }).localityLbSetting;
  const fs = { failoverSettings: { failoverPriority: ['l'], regionalFailover: [{ from: 'a', to: 'b' }] }, regionalFailover: [{ from: 'x', to: 'y' }] };
  assert.deepEqual(lb(failoverPolicy(settings(setting(fs)), ws, ws)), { enabled: true, failoverPriority: ['l'] });
  assert.deepEqual(
    lb(failoverPolicy(settings(setting({ failoverSettings: { regionalFailover: [{ from: 'a', to: 'b' }] }, regionalFailover: [{ from: 'x', to: 'y' }] })), ws)),
    {
      enabled: true,
      failover: [{ from: 'a', to: 'b' }],
    },
  );
  assert.deepEqual(lb(failoverPolicy(settings(setting({ regionalFailover: [{ from: 'x', to: 'y' }] })), ws)), {
    enabled: true,
    failover: [{ from: 'x', to: 'y' }],
  });
  const both = settings(
    setting({ failoverSettings: { regionalFailover: [{ from: 'a', to: 'b' }] } }),
    setting({ regionalFailover: [{ from: 'w', to: 'v' }] }, `${ws}/settings/s`),
  );
  assert.deepEqual(lb(failoverPolicy(both, ws, ws)), { enabled: true, failover: [{ from: 'w', to: 'v' }] });
});
