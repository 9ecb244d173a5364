import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { translateCluster } from './translate.js';
import { meshView } from './mesh.js';
import { objectKey } from './model.js';
import { validateIstioObject } from './istio-validator.js';
import { CLUSTERS, base, res } from './goldens.test-data.js';
import { egressProxy, outlierDetection } from './upstream-policy.js';

const TS = 'organizations/tetrate/tenants/prod/workspaces/bookinfo/trafficgroups/traffic/settings/default';

test('GIVEN loadBalancer.simple AND consistentHash WHEN translated THEN the DestinationRule carries both and Istio validation rejects it (FAILED with the reason, never one silently dropped)', () => {
  const spec = {
    outbound: {
      upstreamTrafficSettings: [{ hosts: ['reviews/*'], settings: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } } }],
    },
  };
  const objs = translateCluster(
    buildIndex([...base(), res(TS, 'traffic.tsb.tetrate.io/v2', 'TrafficSetting', spec)]),
    CLUSTERS[0],
    undefined,
    meshView(CLUSTERS),
  );
  const dr = objs.find((o) => objectKey(o) === 'bookinfo/DestinationRule/traffic-default-reviews-svc-cluster-local');
  assert.ok(dr);
  assert.deepEqual(dr.spec.trafficPolicy, { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } });
  assert.notDeepEqual(validateIstioObject(dr), []);
});

test('GIVEN an empty outlierDetection or no egress host WHEN read THEN nothing is produced for them', () => {
  assert.equal(outlierDetection({}), undefined);
  assert.equal(egressProxy({}), undefined);
  assert.deepEqual(egressProxy({ host: 'egress/gw.egress.svc.cluster.local' })?.importHost, 'egress/gw.egress.svc.cluster.local');
});
