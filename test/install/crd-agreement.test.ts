// An independent check that CRs are validated with the schema the CRDs print: compile each CRD's
// openAPIV3Schema with ajv, closing every object that does not preserve unknown fields (what the
// API server's strict field validation does), and require the same verdict and path as tctl's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Ajv } from 'ajv';
import { renderCrd, checkSchema, crSchema, type InstallKind, type Schema } from '../../src/install/index.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;

function closed(s: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, closed(v)]));
    if (!s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  if (s.items) out.items = closed(s.items);
  if (s.additionalProperties) out.additionalProperties = closed(s.additionalProperties);
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<InstallKind, ReturnType<typeof ajv.compile>>();
function ajvValidate(kind: InstallKind, doc: unknown): string[] {
  let v = validators.get(kind);
  if (!v) {
    const schema = (renderCrd(kind).spec as { versions: { schema: { openAPIV3Schema: Schema } }[] }).versions[0].schema.openAPIV3Schema;
    v = ajv.compile(closed(schema));
    validators.set(kind, v);
  }
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) =>
    (e.instancePath + ('additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : ''))
      .replace(/^\//, '')
      .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
      .replace(/\//g, '.'),
  );
}

for (const f of readdirSync(FIX)
  .filter((x) => x.endsWith('.yaml'))
  .sort()) {
  test(`${f}: the printed CRD schema (as the API server would apply it) accepts what tctl accepts`, () => {
    for (const d of parseAllDocuments(readFileSync(join(FIX, f), 'utf8'))) {
      const doc = d.toJS() as { kind: InstallKind };
      assert.deepEqual(checkSchema(crSchema(doc.kind), doc).issues, []);
      assert.deepEqual(ajvValidate(doc.kind, doc), []);
    }
  });
}

const IG = { apiVersion: 'install.tetrate.io/v1alpha1', kind: 'IngressGateway', metadata: { name: 'g' } };
const BAD: [string, Record<string, unknown>, string][] = [
  ['unknown field', { kubeSpec: { servce: {} } }, 'spec.kubeSpec.servce'],
  [
    'unknown field in a Kubernetes type',
    { kubeSpec: { deployment: { tolerations: [{ operater: 'Exists' }] } } },
    'spec.kubeSpec.deployment.tolerations[0].operater',
  ],
  ['wrong type', { kubeSpec: { deployment: { replicaCount: 'three' } } }, 'spec.kubeSpec.deployment.replicaCount'],
  ['enum', { kubeSpec: { service: { type: 'Internal' } } }, 'spec.kubeSpec.service.type'],
  ['bad quantity', { kubeSpec: { deployment: { resources: { limits: { memory: '1GB' } } } } }, 'spec.kubeSpec.deployment.resources.limits.memory'],
  ['port out of range', { kubeSpec: { service: { ports: [{ port: 70000 }] } } }, 'spec.kubeSpec.service.ports[0].port'],
];
for (const [what, spec, path] of BAD) {
  test(`${what}: tctl and the CRD schema both reject it at ${path}`, () => {
    const doc = { ...IG, spec };
    assert.deepEqual(
      checkSchema(crSchema('IngressGateway'), doc).issues.map((i) => i.path),
      [path],
    );
    assert.ok(ajvValidate('IngressGateway', doc).includes(path), ajvValidate('IngressGateway', doc).join(', '));
  });
}
