// End-to-end: the real tctl binary renders install CRs (stdin, files, directories) and rejects bad
// input with one clear error naming the path, a non-zero exit and nothing on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runTctl } from './tctl-run.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
const docs = (yaml: string): Obj[] => parseAllDocuments(yaml).map((d) => d.toJS() as Obj);
const find = (objs: Obj[], kind: string, name: string): Obj => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} not rendered; got ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};

test('FAQ: the frontEnvoy internal-LB annotation lands exactly on the front Service (real tctl)', async () => {
  const r = await runTctl(['install', 'manifest', 'management-plane', '-f', join(FIX, 'mp-faq-internal-lb.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(find(docs(r.stdout), 'Service', 'envoy').metadata.annotations, { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' });
});

test('FAQ: spec.kubeSpec.service.annotations on an IngressGateway are exactly the Service annotations (real tctl, stdin)', async () => {
  const r = await runTctl(
    ['install', 'manifest', 'gateway', '-f', '-'],
    `apiVersion: install.tetrate.io/v1alpha1
kind: IngressGateway
metadata: { name: bookinfo-gateway, namespace: bookinfo }
spec:
  kubeSpec:
    service:
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-scheme: internal
`,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(find(docs(r.stdout), 'Service', 'bookinfo-gateway').metadata.annotations, {
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  });
  assert.equal(r.stderr, '');
});

test('an IngressGateway with spec: {} renders a complete working gateway', async () => {
  const r = await runTctl(['install', 'manifest', 'gateway', '-f', join(FIX, 'ig-empty.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  const objs = docs(r.stdout);
  assert.deepEqual(
    objs.map((o) => o.kind),
    ['ServiceAccount', 'Role', 'RoleBinding', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'],
  );
  const svc = find(objs, 'Service', 'tsb-gateway-bookinfo').spec as { type: string; ports: { name: string; port: number; targetPort: number }[] };
  assert.equal(svc.type, 'LoadBalancer');
  assert.deepEqual(
    svc.ports.map((p) => `${p.name}:${p.port}->${p.targetPort}`),
    ['status-port:15021->15021', 'http2:80->8080', 'https:443->8443'],
  );
});

test('rendering twice (two processes, two locales) gives identical bytes, and key order in the CR does not matter', async () => {
  const a = await runTctl(['install', 'manifest', 'control-plane', '-f', join(FIX, 'cp-cni.yaml')]);
  const b = await runTctl(['install', 'manifest', 'control-plane', '-f', join(FIX, 'cp-cni.yaml')], undefined, undefined, {
    LC_ALL: 'tr_TR.UTF-8',
    LANG: 'tr_TR.UTF-8',
    TZ: 'Pacific/Chatham',
  });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const reordered = `spec:\n  managementPlane: { clusterName: cluster1, host: mp.example.com }\nmetadata: { namespace: istio-system, name: controlplane }\nkind: ControlPlane\napiVersion: install.tetrate.io/v1alpha1\n`;
  const c = await runTctl(['install', 'manifest', 'control-plane', '-f', '-'], reordered);
  const d = await runTctl(['install', 'manifest', 'control-plane', '-f', join(FIX, 'cp-minimal.yaml')]);
  assert.equal(c.stdout, d.stdout);
});

test('-f DIR renders every CR file in the directory; -o json prints a v1 List', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-install-'));
  try {
    mkdirSync(join(dir, 'gw'));
    copyFileSync(join(FIX, 'ig-empty.yaml'), join(dir, 'gw', 'a.yaml'));
    copyFileSync(join(FIX, 'gateways-other.yaml'), join(dir, 'gw', 'b.yml'));
    writeFileSync(join(dir, 'gw', 'notes.txt'), 'not a CR');
    const r = await runTctl(['install', 'manifest', 'gateway', '-f', join(dir, 'gw'), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { kind: string; items: Obj[] };
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name),
      ['tsb-gateway-bookinfo', 'egress', 'tier1'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TSB-only fields are accepted and reported on stderr, each with its path', async () => {
  const r = await runTctl(['install', 'manifest', 'management-plane', '-f', join(FIX, 'mp-tsb.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Warning: .*mp-tsb\.yaml: spec\.telemetryStore: ignored: no Elasticsearch telemetry store\n/);
  assert.match(r.stderr, /Warning: .*mp-tsb\.yaml: spec\.components\.oap: ignored: /);
  assert.match(r.stderr, /Warning: .*mp-tsb\.yaml: spec\.components\.xcp: ignored: /);
  const q = await runTctl(['install', 'manifest', 'management-plane', '-q', '-f', join(FIX, 'mp-tsb.yaml')]);
  assert.equal(q.stderr, '');
  assert.equal(q.stdout, r.stdout);
});

test('`tctl install manifest crds` prints the five install CRDs', async () => {
  const r = await runTctl(['install', 'manifest', 'crds']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    docs(r.stdout).map((o) => o.metadata.name),
    [
      'controlplanes.install.tetrate.io',
      'egressgateways.install.tetrate.io',
      'ingressgateways.install.tetrate.io',
      'managementplanes.install.tetrate.io',
      'tier1gateways.install.tetrate.io',
    ],
  );
});
