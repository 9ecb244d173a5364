import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory } from '../../gen/agent-types.js';
import { clusterSpecFacts, inventoryInfo } from './cluster-info.js';

const inv: Inventory = {
  namespaces: ['edge'],
  services: [],
  workloadTrust: [],
  gateways: [
    {
      namespace: 'edge',
      name: 'gw',
      kind: 'ingress',
      addresses: ['203.0.113.1'],
      ports: [{ name: 'tls', port: 15443, nodePort: 0, protocol: 'TCP' }],
      hostnames: ['B.example.com', 'a.example.com', 'a.example.com'],
      network: '',
      pods: ['gw-0', 'gw-1'],
    },
  ],
};

test("GIVEN a Cluster with spec.network and spec.locality.region WHEN its info is built THEN translation reads them beside the agent's gateways", () => {
  const spec = clusterSpecFacts({ network: 'net-a', locality: { region: 'eu-west1' }, trustDomain: 'west.example' });
  assert.deepEqual(spec, { trustDomain: 'west.example', network: 'net-a', region: 'eu-west1' });
  const info = inventoryInfo('west', inv, spec);
  assert.equal(info.network, 'net-a');
  assert.equal(info.region, 'eu-west1');
  assert.deepEqual(info.gateways, [
    {
      namespace: 'edge',
      name: 'gw',
      kind: 'ingress',
      addresses: ['203.0.113.1'],
      ports: [{ name: 'tls', port: 15443, protocol: 'TCP' }],
      hostnames: ['a.example.com', 'b.example.com'],
    },
  ]);
  assert.deepEqual(clusterSpecFacts({ network: 3, locality: 'x' }), { trustDomain: undefined, network: undefined, region: undefined });
  assert.equal('gateways' in inventoryInfo('west', { ...inv, gateways: [] }, {}), false, 'no gateways: the info is what it was before issue #17');
});

test('GIVEN health reports of the gateway pods WHEN its info is built THEN healthy is true with one ready pod, false with none ready, unknown without reports', () => {
  const healthOf = (ready: Record<string, boolean>) =>
    inventoryInfo('west', inv, {}, (ns, pod) => (ns === 'edge' ? ready[pod] : undefined)).gateways?.[0]?.healthy;
  assert.equal(healthOf({ 'gw-0': false, 'gw-1': true }), true);
  assert.equal(healthOf({ 'gw-0': false }), false);
  assert.equal(healthOf({ other: true }), undefined);
  assert.equal(inventoryInfo('west', inv, {}).gateways?.[0]?.healthy, undefined);
});
