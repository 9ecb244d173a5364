import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { affectedClusters, translateCluster, type TranslationCache } from './translate.js';
import { objectKey, FQN_ANNOTATION, type IstioObject } from './model.js';
import { CLUSTERS, WORKSPACE_FQN, fixture } from './_fixture.js';
import { meshView } from './mesh.js';

function out(cluster: string, resources = fixture()): IstioObject[] {
  return translateCluster(buildIndex(resources), CLUSTERS.find((c) => c.name === cluster) ?? { name: cluster, namespaces: [] });
}
function find(objs: IstioObject[], key: string): IstioObject {
  const o = objs.find((x) => objectKey(x) === key);
  assert.ok(o, `${key} missing; have ${objs.map(objectKey).join(', ')}`);
  return o;
}

test('GIVEN the bookinfo tenant WHEN translated THEN each cluster gets exactly the objects its namespaces select', () => {
  assert.deepEqual(out('c1').map(objectKey), [
    'bookinfo/AuthorizationPolicy/sec-default',
    'bookinfo/DestinationRule/reviews',
    'bookinfo/DestinationRule/traffic-default-all',
    'bookinfo/Gateway/bookinfo-gw',
    'bookinfo/Gateway/edge',
    'bookinfo/PeerAuthentication/sec-default',
    'bookinfo/Sidecar/traffic-default',
    'bookinfo/VirtualService/bookinfo-gw-admin',
    'bookinfo/VirtualService/bookinfo-gw-bookinfo',
    'bookinfo/VirtualService/edge-edge',
    'bookinfo/VirtualService/reviews',
    'shared/AuthorizationPolicy/sec-default',
    'shared/PeerAuthentication/sec-default',
    'shared/VirtualService/ratings',
  ]);
  assert.equal(out('c2').filter((o) => o.metadata.namespace === 'shared').length, 0);
  assert.equal(out('c2').length, 11, 'the tier-1 DestinationRule is gone: no cluster reports a gateway (issue #17)');
  assert.deepEqual(out('c3'), []);
});

test('IngressGateway becomes a Gateway with TLS credentialName and a VirtualService with routes, redirects, direct responses and matches', () => {
  const objs = out('c1');
  const gw = find(objs, 'bookinfo/Gateway/bookinfo-gw');
  assert.deepEqual(gw.spec, {
    selector: { app: 'bookinfo-gateway' },
    servers: [
      {
        hosts: ['bookinfo.example.com'],
        port: { name: 'https-bookinfo', number: 443, protocol: 'HTTPS' },
        tls: { credentialName: 'bookinfo-certs', mode: 'SIMPLE' },
      },
      { hosts: ['admin.example.com'], port: { name: 'https-admin', number: 8443, protocol: 'HTTPS' }, tls: { credentialName: 'admin-certs', mode: 'MUTUAL' } },
    ],
  });
  const vs = find(objs, 'bookinfo/VirtualService/bookinfo-gw-bookinfo');
  assert.deepEqual(vs.spec.hosts, ['bookinfo.example.com']);
  assert.deepEqual(vs.spec.gateways, ['bookinfo/bookinfo-gw']);
  const http = vs.spec.http as Record<string, unknown>[];
  assert.deepEqual(http[0], {
    match: [{ headers: { 'x-canary': { exact: 'true' } }, uri: { prefix: '/api' } }],
    name: 'bookinfo-0',
    route: [{ destination: { host: 'productpage.bookinfo.svc.cluster.local', port: { number: 9080 } } }],
  });
  assert.deepEqual(http[1].redirect, { redirectCode: 301, uri: '/new' });
  assert.deepEqual(http[2].directResponse, { body: { string: 'ok' }, status: 200 });
  assert.equal(http[3].match, undefined);
});

test('objects carry the producing FQN and hierarchy labels', () => {
  const pa = find(out('c1'), 'bookinfo/PeerAuthentication/sec-default');
  assert.equal(pa.metadata.annotations[FQN_ANNOTATION], `${WORKSPACE_FQN}/securitygroups/sec/settings/default`);
  assert.equal(pa.metadata.labels['tsb.tetrate.io/workspace'], 'bookinfo');
  assert.equal(pa.metadata.labels['tsb.tetrate.io/securityGroup'], 'sec');
  assert.equal(pa.metadata.labels['app.kubernetes.io/managed-by'], 'meshbridge');
});

test('SecuritySetting maps REQUIRED to STRICT, OPTIONAL to PERMISSIVE, and each authorization mode to its sources', () => {
  assert.deepEqual(find(out('c1'), 'bookinfo/PeerAuthentication/sec-default').spec, { mtls: { mode: 'STRICT' } });
  const withSpec = (spec: Record<string, unknown>) => fixture().map((r) => (r.kind === 'SecuritySetting' ? { ...r, spec } : r));
  const optional = out('c1', withSpec({ authenticationSettings: { trafficMode: 'OPTIONAL' } }));
  assert.deepEqual(find(optional, 'bookinfo/PeerAuthentication/sec-default').spec, { mtls: { mode: 'PERMISSIVE' } });
  assert.equal(optional.filter((o) => o.kind === 'AuthorizationPolicy').length, 0);
  const source = (mode: string, cluster = 'c1') =>
    (find(out(cluster, withSpec({ authorization: { mode } })), 'bookinfo/AuthorizationPolicy/sec-default').spec.rules as { from: { source: unknown }[] }[])[0]
      .from[0].source;
  assert.deepEqual(source('NAMESPACE'), { namespaces: ['bookinfo'] });
  assert.deepEqual(source('GROUP'), { namespaces: ['bookinfo', 'shared'] });
  assert.deepEqual(source('WORKSPACE'), { namespaces: ['bookinfo', 'shared'] });
  assert.deepEqual(source('WORKSPACE', 'c2'), { namespaces: ['bookinfo'] });
  // c1 reports no trust domain: CLUSTER mode denies every caller there instead of guessing one.
  assert.deepEqual(find(out('c1', withSpec({ authorization: { mode: 'CLUSTER' } })), 'bookinfo/AuthorizationPolicy/sec-default').spec, { action: 'ALLOW' });
  assert.deepEqual(source('CLUSTER', 'c2'), { principals: ['c2.example/*'] });
  const rules = out(
    'c1',
    withSpec({
      authorization: {
        mode: 'RULES',
        rules: {
          allow: [{ from: { fqn: `${WORKSPACE_FQN}/trafficgroups/traffic` }, to: { fqn: `${WORKSPACE_FQN}/securitygroups/sec` } }],
          deny: [{ from: { fqn: WORKSPACE_FQN }, to: { fqn: `${WORKSPACE_FQN}/trafficgroups/direct` } }],
        },
      },
    }),
  );
  assert.deepEqual(find(rules, 'bookinfo/AuthorizationPolicy/sec-default').spec, {
    action: 'ALLOW',
    rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }],
  });
  assert.deepEqual(find(rules, 'shared/AuthorizationPolicy/sec-default-deny').spec, {
    action: 'DENY',
    rules: [{ from: [{ source: { namespaces: ['bookinfo', 'shared'] } }] }],
  });
  assert.equal(
    rules.some((o) => objectKey(o) === 'bookinfo/AuthorizationPolicy/sec-default-deny'),
    false,
  );
});

test('RULES authorization fails closed: allow rules that resolve nowhere in a namespace still yield an ALLOW policy, with no rules (deny all)', () => {
  const withAuthz = (authorization: Record<string, unknown>) => fixture().map((r) => (r.kind === 'SecuritySetting' ? { ...r, spec: { authorization } } : r));
  // The source group does not exist: nothing resolves in any namespace.
  const unresolved = out('c1', withAuthz({ mode: 'RULES', rules: { allow: [{ from: { fqn: `${WORKSPACE_FQN}/securitygroups/missing` } }] } }));
  assert.deepEqual(find(unresolved, 'bookinfo/AuthorizationPolicy/sec-default').spec, { action: 'ALLOW' });
  assert.deepEqual(find(unresolved, 'shared/AuthorizationPolicy/sec-default').spec, { action: 'ALLOW' });
  // The rule targets only bookinfo: shared gets the deny-all ALLOW, bookinfo the resolved rule.
  const targeted = out(
    'c1',
    withAuthz({ mode: 'RULES', rules: { allow: [{ from: { fqn: WORKSPACE_FQN }, to: { fqn: `${WORKSPACE_FQN}/trafficgroups/traffic` } }] } }),
  );
  assert.deepEqual(find(targeted, 'bookinfo/AuthorizationPolicy/sec-default').spec, {
    action: 'ALLOW',
    rules: [{ from: [{ source: { namespaces: ['bookinfo', 'shared'] } }] }],
  });
  assert.deepEqual(find(targeted, 'shared/AuthorizationPolicy/sec-default').spec, { action: 'ALLOW' });
  // Deny-only RULES add no ALLOW policy: they must not turn the namespace into deny-all.
  const denyOnly = out('c1', withAuthz({ mode: 'RULES', rules: { deny: [{ from: { fqn: WORKSPACE_FQN } }] } }));
  assert.equal(
    denyOnly.some((o) => o.kind === 'AuthorizationPolicy' && o.spec.action === 'ALLOW'),
    false,
  );
  assert.equal(find(denyOnly, 'bookinfo/AuthorizationPolicy/sec-default-deny').spec.action, 'DENY');
});

test('TrafficSetting becomes a Sidecar for reachability, an outbound DestinationRule for circuit breaking and client VirtualServices for retries', () => {
  const objs = out('c1');
  assert.deepEqual(find(objs, 'bookinfo/Sidecar/traffic-default').spec, { egress: [{ hosts: ['bookinfo/*', 'istio-system/*', 'xcp-multicluster/*'] }] });
  assert.deepEqual(find(objs, 'bookinfo/DestinationRule/traffic-default-all').spec, {
    exportTo: ['.'],
    host: '*',
    trafficPolicy: {
      connectionPool: { tcp: { tcpKeepalive: {} } },
      outlierDetection: { baseEjectionTime: '30s', consecutive5xxErrors: 10, interval: '10s' },
    },
  });
  // reviews has a ServiceRoute in bookinfo: its one VirtualService there carries the retries for
  // bookinfo's callers (no second VirtualService for the same host in that namespace).
  assert.equal(
    objs.some((o) => objectKey(o) === 'bookinfo/VirtualService/traffic-default-reviews-bookinfo-svc-cluster-local'),
    false,
  );
  const vs = find(objs, 'bookinfo/VirtualService/reviews');
  assert.deepEqual((vs.spec.http as Record<string, unknown>[])[0].match, [{ sourceNamespace: 'bookinfo' }]);
  assert.deepEqual((vs.spec.http as Record<string, unknown>[])[0].retries, { attempts: 3, perTryTimeout: '2s' });
  assert.equal((vs.spec.http as Record<string, unknown>[])[0].timeout, '1s');
});

test('ServiceRoute becomes weighted subsets in a VirtualService and DestinationRule', () => {
  const objs = out('c2');
  const route = [
    { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 80 },
    { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 20 },
  ];
  assert.deepEqual(find(objs, 'bookinfo/VirtualService/reviews').spec.http, [
    // The traffic group's retries/timeout for callers in bookinfo first, then the route for everyone.
    { name: 'default-from-bookinfo', match: [{ sourceNamespace: 'bookinfo' }], route, retries: { attempts: 3, perTryTimeout: '2s' }, timeout: '1s' },
    {
      name: 'default',
      route: [
        { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 80 },
        { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 20 },
      ],
    },
  ]);
  assert.deepEqual(find(objs, 'bookinfo/DestinationRule/reviews').spec.subsets, [
    { labels: { version: 'v1' }, name: 'v1' },
    { labels: { version: 'v2' }, name: 'v2' },
  ]);
});

test('Tier1Gateway routes by weight to the ingress gateways of the named clusters where an IngressGateway serves the hostname, never to its own cluster (issue #17)', () => {
  const gw = {
    namespace: 'bookinfo',
    name: 'ingress',
    kind: 'ingress' as const,
    addresses: ['10.0.0.2'],
    ports: [{ name: 'tls', port: 15443 }],
    hostnames: ['edge.example.com'],
  };
  const mesh = CLUSTERS.map((c) => ({ ...c, gateways: [gw] }));
  // What the agents report alone exposes nothing: no IngressGateway serves edge.example.com.
  const reported = translateCluster(buildIndex(fixture()), mesh[0], undefined, meshView(mesh));
  assert.deepEqual((find(reported, 'bookinfo/VirtualService/edge-edge').spec.http as { route?: unknown }[])[0].route, undefined);
  const edgeIngress = {
    fqn: `${WORKSPACE_FQN}/gatewaygroups/gw/ingressgateways/edge-ingress`,
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'IngressGateway',
    name: 'edge-ingress',
    metadata: {},
    spec: {
      workloadSelector: { namespace: 'bookinfo', labels: { app: 'ingress' } },
      http: [
        {
          name: 'edge',
          port: 80,
          hostname: 'edge.example.com',
          routing: { rules: [{ route: { host: 'bookinfo/productpage.bookinfo.svc.cluster.local', port: 9080 } }] },
        },
      ],
    },
  };
  const objs = translateCluster(buildIndex([...fixture(), edgeIngress]), mesh[0], undefined, meshView(mesh));
  const vs = find(objs, 'bookinfo/VirtualService/edge-edge');
  assert.deepEqual((vs.spec.http as { route: unknown }[])[0].route, [
    { destination: { host: 'edge.example.com', port: { number: 80 }, subset: 'c2' }, weight: 100 },
  ]);
  assert.match(vs.metadata.annotations['meshbridge.io/fail-closed'] ?? '', /c1 is the cluster traffic leaves from.*\[MB3753\]/);
  assert.deepEqual(find(objs, 'xcp-multicluster/DestinationRule/edge-edge').spec.subsets, [{ labels: { 'meshbridge.io/cluster': 'c2' }, name: 'c2' }]);
});

test('DIRECT groups pass Istio objects through into their namespace only', () => {
  const vs = find(out('c1'), 'shared/VirtualService/ratings');
  assert.equal(vs.apiVersion, 'networking.istio.io/v1');
  assert.deepEqual(vs.spec, {
    hosts: ['ratings.shared.svc.cluster.local'],
    http: [{ route: [{ destination: { host: 'ratings.shared.svc.cluster.local' } }], timeout: '3s' }],
  });
});

test('output is deterministic whatever the input order', () => {
  const a = JSON.stringify(out('c1'));
  const b = JSON.stringify(out('c1', fixture().reverse()));
  assert.equal(a, b);
});

test('a change recomputes only the clusters its selectors touch', () => {
  const before = buildIndex(fixture());
  const moved = fixture().map((r) => (r.kind === 'Workspace' ? { ...r, spec: { namespaceSelector: { names: ['c2/bookinfo'] } } } : r));
  const after = buildIndex(moved);
  const all = ['c1', 'c2', 'c3', 'c4'];
  assert.deepEqual([...affectedClusters(before, after, [`${WORKSPACE_FQN}/gatewaygroups/gw/ingressgateways/bookinfo-gw`], all)].sort(), [
    'c1',
    'c2',
    'c3',
    'c4',
  ]);
  const narrow = buildIndex(
    fixture().map((r) => (r.kind === 'Workspace' ? { ...r, spec: { namespaceSelector: { names: ['c1/bookinfo', 'c1/shared'] } } } : r)),
  );
  assert.deepEqual([...affectedClusters(narrow, narrow, [`${WORKSPACE_FQN}/trafficgroups/traffic/settings/default`], all)], ['c1']);
  assert.deepEqual([...affectedClusters(narrow, after, [WORKSPACE_FQN], all)].sort(), ['c1', 'c2']);
  assert.deepEqual([...affectedClusters(before, after, ['organizations/tetrate/clusters/c3'], all)], ['c3']);
  assert.deepEqual([...affectedClusters(before, after, ['organizations/tetrate/tenants/other/workspaces/x'], all)], []);
});

test('a translation cache gives the same output and shares objects between clusters with the same view', () => {
  const index = buildIndex(fixture());
  const cache: TranslationCache = new Map();
  for (const c of CLUSTERS) assert.deepEqual(translateCluster(index, c, cache), translateCluster(index, c));
  const twin = { name: 'c2', namespaces: ['bookinfo', 'kube-system'], trustDomain: 'c2.example' };
  const a = translateCluster(index, twin, cache);
  const b = translateCluster(index, { ...twin }, cache);
  assert.equal(a[0], b[0], 'same instance from the cache');
  const c1 = translateCluster(index, CLUSTERS[0], cache);
  assert.notDeepEqual(c1.map(objectKey), a.map(objectKey));
});
