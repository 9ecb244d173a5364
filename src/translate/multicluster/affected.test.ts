import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from '../scope.js';
import { affectedClusters, translateCluster, type TranslationCache } from '../translate.js';
import { objectKey, type ClusterInfo } from '../model.js';
import { GOLDENS } from './goldens-cases.test-data.js';
import { EDGE, T1, WS, base, ingressGateway, res } from './goldens.test-data.js';

test('organization and workspace settings, tier-1 and ingress gateways recompute every cluster: their objects or hostnames reach outside the workspace (issue #17)', () => {
  const index = buildIndex(base());
  const all = ['t1', 'c1', 'c2', 'c3'];
  for (const fqn of ['organizations/tetrate/settings/default', `${WS}/settings/default`, T1]) {
    assert.deepEqual([...affectedClusters(index, index, [fqn], all)].sort(), [...all].sort(), fqn);
  }
  // An IngressGateway decides which clusters expose its hostnames to tier-1 gateways elsewhere
  // (t1 is not in its workspace): adding or changing one recomputes the tier-1 clusters too, and
  // every cluster when a Tier1Gateway has internal servers (clients forward to the tier-1).
  const narrow = WS.replace(/bookinfo$/, 'narrow');
  const tree = [
    ...base(),
    res(narrow, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['c1/narrow'] } }),
    res(`${narrow}/gatewaygroups/gw`, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['c1/narrow'] }, configMode: 'BRIDGED' }),
  ];
  const ig = `${narrow}/gatewaygroups/gw/ingressgateways/more`;
  const withHost = buildIndex([...tree, ingressGateway(ig, 'narrow', ['more.example.com'])]);
  assert.deepEqual([...affectedClusters(buildIndex(tree), withHost, [ig], all)].sort(), ['c1'], 'IngressGateway, no Tier1Gateway');
  const t1 = (spec: Record<string, unknown>) => res(T1, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', { workloadSelector: { namespace: 'edge' }, ...spec });
  const ext = [t1({ externalServers: [{ name: 'more', hostname: 'more.example.com', port: 80 }] })];
  assert.deepEqual(
    [...affectedClusters(buildIndex([...tree, ...ext]), buildIndex([...tree, ...ext, ingressGateway(ig, 'narrow', ['more.example.com'])]), [ig], all)].sort(),
    ['c1', 't1'],
    'IngressGateway with an external Tier1Gateway in t1',
  );
  const int = [t1({ internalServers: [{ name: 'more', hostname: 'more.example.com' }] })];
  assert.deepEqual(
    [...affectedClusters(buildIndex([...tree, ...int]), buildIndex([...tree, ...int, ingressGateway(ig, 'narrow', ['more.example.com'])]), [ig], all)].sort(),
    [...all].sort(),
    'IngressGateway with an internal Tier1Gateway server',
  );
  // A traffic group's setting still touches only what its workspace selects.
  assert.deepEqual([...affectedClusters(index, index, [`${EDGE}/trafficgroups/t/settings/default`], all)], ['t1']);
});

test('a translation cache never shares a contested hostname decision between clusters where different gateways land', () => {
  const [tree] = GOLDENS.filter((g) => g.name.startsWith('a hostname exposed by two workspaces in one cluster')).map((g) => [...base(), ...g.given]);
  const index = buildIndex(tree);
  const cache: TranslationCache = new Map();
  const both: ClusterInfo = { name: 'c1', namespaces: ['bookinfo', 'shop'] };
  const shopOnly: ClusterInfo = { name: 'c3', namespaces: ['shop'] };
  for (const c of [both, shopOnly, both]) assert.deepEqual(translateCluster(index, c, cache), translateCluster(index, c), c.name);
  assert.ok(
    translateCluster(index, shopOnly, cache).some((o) => objectKey(o) === 'shop/VirtualService/shop-gw-bookinfo'),
    'shop serves the hostname where bookinfo does not run',
  );
});
