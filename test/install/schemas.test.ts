import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderInstall, type ManifestTarget } from '../../src/install/index.js';
import { k8sProblems } from './k8s-schemas.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** Which manifest command renders a fixture, by its file-name prefix. */
export function targetOf(file: string): ManifestTarget {
  return file.startsWith('mp-') ? 'management-plane' : file.startsWith('cp-') ? 'control-plane' : 'gateway';
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('the matrix covers minimal, FAQ, every-field, overlay, CNI on/off and HPA on/off CRs', () => {
  for (const f of [
    'mp-minimal.yaml',
    'mp-faq-internal-lb.yaml',
    'mp-every-field.yaml',
    'cp-minimal.yaml',
    'cp-cni.yaml',
    'ig-empty.yaml',
    'ig-faq-annotations.yaml',
    'ig-every-field.yaml',
    'ig-fixed-replicas.yaml',
    'gateways-other.yaml',
  ]) {
    assert.ok(fixtures.includes(f), f);
  }
});

for (const f of fixtures) {
  test(`every object rendered from ${f} validates against the strict Kubernetes 1.32 schemas`, () => {
    const { objects } = renderInstall(targetOf(f), [{ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') }], { version: '0.1.0' });
    assert.ok(objects.length >= 4, `${f} rendered ${objects.length} objects`);
    assert.deepEqual(objects.flatMap(k8sProblems), []);
  });
}

test('every CRD printed by `manifest crds` validates against the strict CustomResourceDefinition schema', () => {
  const { objects } = renderInstall('crds', [], { version: '0.1.0' });
  assert.deepEqual(
    objects.map((o) => o.metadata.name),
    [
      'controlplanes.install.tetrate.io',
      'egressgateways.install.tetrate.io',
      'ingressgateways.install.tetrate.io',
      'managementplanes.install.tetrate.io',
      'tier1gateways.install.tetrate.io',
    ],
  );
  assert.deepEqual(objects.flatMap(k8sProblems), []);
});

test('the strict schemas reject an unknown field (the check can fail)', () => {
  const { objects } = renderInstall('gateway', [{ name: 'ig.yaml', text: readFileSync(join(FIXTURES, 'ig-empty.yaml'), 'utf8') }], { version: '0.1.0' });
  const svc = structuredClone(objects.find((o) => o.kind === 'Service'));
  assert.ok(svc);
  (svc.spec as Record<string, unknown>).typo = 1;
  assert.match(k8sProblems(svc).join('\n'), /must NOT have additional properties "typo"/);
  assert.match(k8sProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).join(''), /no Kubernetes schema widget-example-v1\.json/);
});
