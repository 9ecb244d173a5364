import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology, clustersOf, type TopoCluster, type TopoGateway } from './topology-model.js';

const c1: TopoCluster = { name: 'c1', fqn: 'organizations/o/clusters/c1', status: 'READY', namespaces: ['t1'], services: [] };
const c2: TopoCluster = { name: 'c2', fqn: 'organizations/o/clusters/c2', status: 'READY', namespaces: ['shop'], services: ['shop/web'] };
const base = 'organizations/o/tenants/t/workspaces/w/gatewaygroups/g';
const tier1: TopoGateway = {
  fqn: `${base}/tier1gateways/edge`,
  kind: 'Tier1Gateway',
  name: 'edge',
  status: 'READY',
  namespace: 't1',
  selectors: ['c1/t1'],
  spec: { externalServers: [{ name: 'shop', hostname: 'shop.example.com', port: 80, clusters: [{ name: 'c2', weight: 100 }] }] },
};
const ingress: TopoGateway = {
  fqn: `${base}/ingressgateways/shop`,
  kind: 'IngressGateway',
  name: 'shop',
  status: 'READY',
  namespace: 'shop',
  selectors: ['*/shop'],
  spec: { http: [{ name: 'web', port: 80, hostname: 'shop.example.com', routing: { rules: [{ route: { host: 'shop/web.shop.svc.cluster.local' } }] } }] },
};

test('GIVEN a wildcard selector WHEN the namespace exists in one cluster only THEN the gateway is placed there', () => {
  assert.deepEqual(clustersOf(ingress, [c1, c2]), ['c2']);
  assert.deepEqual(clustersOf(tier1, [c1, c2]), ['c1']);
});

test("GIVEN a tier-1 gateway in c1 routing shop.example.com to c2 WHEN the graph is built THEN it links to c2's ingress gateway and that to the service", () => {
  const t = buildTopology([c1, c2], [tier1, ingress]);
  assert.deepEqual(t.nodes.map((n) => n.id).sort(), ['cluster:c1', 'cluster:c2', `gw:${ingress.fqn}@c2`, `gw:${tier1.fqn}@c1`, 'svc:c2/shop/web']);
  assert.deepEqual(t.edges.map((e) => [e.source, e.target, e.label]).sort(), [
    [`gw:${ingress.fqn}@c2`, 'svc:c2/shop/web', 'shop/web.shop.svc.cluster.local'],
    [`gw:${tier1.fqn}@c1`, `gw:${ingress.fqn}@c2`, 'shop.example.com (weight 100)'],
  ]);
  assert.equal(t.nodes.find((n) => n.id === 'svc:c2/shop/web')?.status, 'READY');
});

test('GIVEN a route to a service no agent reports WHEN the graph is built THEN the service node is MISSING', () => {
  const t = buildTopology([c1, { ...c2, services: [] }], [ingress]);
  assert.equal(t.nodes.find((n) => n.kind === 'service')?.status, 'MISSING');
});

test('GIVEN a tier-1 target cluster without an ingress gateway WHEN the graph is built THEN the edge goes to the cluster', () => {
  const t = buildTopology([c1, c2], [tier1]);
  assert.deepEqual(
    t.edges.map((e) => e.target),
    ['cluster:c2'],
  );
});
