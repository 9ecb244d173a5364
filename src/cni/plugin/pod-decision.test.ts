import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodInfo } from './pod-decision.js';
import { decide, podInfoFromAnnotations, podInfoFromApi, preLookupSkip } from './pod-decision.js';

const status = JSON.stringify({ initContainers: ['istio-validation'], containers: ['istio-proxy'] });
const apiPod = (over: { annotations?: Record<string, string>; labels?: Record<string, string>; init?: unknown[]; containers?: unknown[] } = {}): unknown => ({
  metadata: { namespace: 'shop', name: 'web-1', annotations: { 'sidecar.istio.io/status': status, ...over.annotations }, labels: over.labels ?? {} },
  spec: {
    initContainers: over.init ?? [{ name: 'istio-validation' }],
    containers: over.containers ?? [
      { name: 'app' },
      {
        name: 'istio-proxy',
        args: ['proxy', 'sidecar'],
        env: [{ name: 'ISTIO_META_DNS_CAPTURE', value: 'true' }],
        securityContext: { runAsUser: 1500, runAsGroup: 1600 },
      },
    ],
  },
});

test('preLookupSkip: no pod name/namespace in CNI_ARGS, or an excluded namespace', () => {
  assert.match(preLookupSkip({}, []) ?? '', /not a Kubernetes pod/);
  assert.match(preLookupSkip({ K8S_POD_NAMESPACE: 'kube-system', K8S_POD_NAME: 'x' }, ['kube-system']) ?? '', /excluded/);
  assert.equal(preLookupSkip({ K8S_POD_NAMESPACE: 'shop', K8S_POD_NAME: 'x' }, ['kube-system']), undefined);
});

test("decide: an injected pod from the API is redirected with the proxy container's uid/gid", () => {
  const d = decide(podInfoFromApi(apiPod()));
  assert.equal(d.redirect, true);
  assert.ok(d.redirect && d.params.proxyUid === 1500 && d.params.proxyGid === 1600);
});

test('decide: native sidecar (istio-proxy as init container) counts', () => {
  const d = decide(podInfoFromApi(apiPod({ init: [{ name: 'istio-proxy' }], containers: [{ name: 'app' }] })));
  assert.equal(d.redirect, true);
});

const skips: Array<[string, unknown, RegExp]> = [
  ['no status annotation', { ...(apiPod() as object), metadata: { namespace: 'shop', name: 'web-1', annotations: {} } }, /not injected/],
  ['no istio-proxy container', apiPod({ containers: [{ name: 'app' }] }), /no istio-proxy container/],
  ['inject label "false"', apiPod({ labels: { 'sidecar.istio.io/inject': 'false' } }), /inject is "false"/],
  ['inject annotation "false"', apiPod({ annotations: { 'sidecar.istio.io/inject': 'false' } }), /inject is "false"/],
  ['istio-init container', apiPod({ init: [{ name: 'istio-init' }] }), /istio-init/],
  ['DISABLE_ENVOY', apiPod({ containers: [{ name: 'istio-proxy', env: [{ name: 'DISABLE_ENVOY', value: 'true' }] }] }), /DISABLE_ENVOY/],
  ['proxy router', apiPod({ containers: [{ name: 'istio-proxy', args: ['proxy', 'router'] }] }), /router/],
];
for (const [name, pod, reason] of skips) {
  test(`decide: ${name} → no redirection, with the reason`, () => {
    const d = decide(podInfoFromApi(pod));
    assert.equal(d.redirect, false);
    assert.match(!d.redirect ? d.reason : '', reason);
  });
}

test('decide: the inject label wins over the annotation (label "true", annotation "false")', () => {
  const d = decide(podInfoFromApi(apiPod({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } })));
  assert.equal(d.redirect, true);
});

test("podInfoFromAnnotations: containers come from the injector's status annotation", () => {
  const p: PodInfo = podInfoFromAnnotations('shop', 'web-1', { 'sidecar.istio.io/status': status });
  assert.deepEqual(p.containers, ['istio-proxy']);
  assert.equal(decide(p).redirect, true);
  assert.equal(decide(podInfoFromAnnotations('shop', 'web-1', { 'sidecar.istio.io/status': 'not json' })).redirect, false);
  assert.equal(decide(podInfoFromAnnotations('shop', 'web-1', {})).redirect, false);
});
