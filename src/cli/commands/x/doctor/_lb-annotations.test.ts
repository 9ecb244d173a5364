import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lbAnnotationChecks, nearestLbAnnotation } from './_lb-annotations.js';

const cr = (kind: string, spec: unknown, apiVersion = 'install.tetrate.io/v1alpha1') => ({
  source: `${kind}.yaml`,
  object: { apiVersion, kind, metadata: { name: kind.toLowerCase(), namespace: 'istio-system' }, spec },
});
const svc = (annotations: Record<string, unknown>, type?: string) => ({ kubeSpec: { service: { ...(type ? { type } : {}), annotations } } });

test('sound annotations, or none, are one ✔ per install CR', () => {
  const checks = lbAnnotationChecks([
    cr('ManagementPlane', { components: { frontEnvoy: svc({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal', 'x.io/team': 'a' }) } }),
    cr('IngressGateway', { kubeSpec: { deployment: { replicaCount: 2 } } }),
  ]);
  assert.deepEqual(
    checks.map((c) => [c.name, c.status, c.detail]),
    [
      ['ManagementPlane istio-system/managementplane (ManagementPlane.yaml)', 'ok', '2 service annotation(s) sound'],
      ['IngressGateway istio-system/ingressgateway (IngressGateway.yaml)', 'ok', 'no service annotations (the load balancers keep their defaults)'],
    ],
  );
});

test('a wrong value names the field and the accepted values; a misspelt key names the key it meant', () => {
  const checks = lbAnnotationChecks([
    cr('ControlPlane', {
      components: {
        istio: svc({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'Internal' }),
        xcp: svc({ 'service.beta.kubernetes.io/aws-loadbalancer-internal': 'true' }),
      },
    }),
    cr('DataPlane', { components: { gateway: svc({ 'service.beta.kubernetes.io/aws-load-balancer-internal': '0.0.0.0/0' }) } }),
  ]);
  assert.deepEqual(
    checks.map((c) => [c.status, c.detail]),
    [
      ['fail', 'MB2511'],
      ['fail', 'MB2512'],
      ['fail', 'MB2511'],
    ],
  );
  assert.equal(
    checks[0].cause,
    'spec.components.istio.kubeSpec.service.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] is "Internal"; its controller accepts "internal" or "internet-facing"',
  );
  assert.equal(checks[0].fix, 'Set spec.components.istio.kubeSpec.service.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]: internal');
  assert.match(
    checks[1].cause ?? '',
    /\["service\.beta\.kubernetes\.io\/aws-loadbalancer-internal"\] is not an annotation .*did you mean service\.beta\.kubernetes\.io\/aws-load-balancer-internal\?/,
  );
  assert.equal(checks[1].fix, 'Rename the key in spec.components.xcp.kubeSpec.service.annotations to service.beta.kubernetes.io/aws-load-balancer-internal');
  assert.match(checks[2].fix ?? '', /aws-load-balancer-scheme"\]: internal/);
});

test('annotations on a ClusterIP service warn; a non-install document is skipped with a warning, never dropped silently', () => {
  const checks = lbAnnotationChecks([
    cr('IngressGateway', svc({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }, 'ClusterIP')),
    cr('Workspace', {}, 'api.tsb.tetrate.io/v2'),
  ]);
  assert.deepEqual(
    checks.map((c) => [c.status, c.detail]),
    [
      ['warn', 'service type ClusterIP'],
      ['warn', 'skipped'],
    ],
  );
  assert.equal(checks[0].fix, 'Set spec.kubeSpec.service.type: LoadBalancer, or drop the annotations');
});

test('unrelated annotation keys are not taken for typos', () => {
  assert.equal(nearestLbAnnotation('prometheus.io/scrape'), undefined);
  assert.equal(nearestLbAnnotation('service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval'), undefined);
  assert.equal(nearestLbAnnotation('service.beta.kubernetes.io/aws-load-balancer-schema'), 'service.beta.kubernetes.io/aws-load-balancer-scheme');
});
