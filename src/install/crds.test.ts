import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCrd, renderCrds } from './crds.js';
import { specSchema, type InstallKind } from './schema/install-crs.js';
import { toCrdSchema, type Schema } from './schema/structural.js';

// The keys of apiextensions.k8s.io/v1 JSONSchemaProps that meshbridge uses.
const ALLOWED = new Set([
  'type',
  'description',
  'properties',
  'additionalProperties',
  'items',
  'enum',
  'required',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'anyOf',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
]);

function structuralProblems(s: Schema, path: string, out: string[]): string[] {
  for (const k of Object.keys(s)) if (!ALLOWED.has(k)) out.push(`${path}: key ${k} is not a CRD schema field`);
  if (!s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields']) out.push(`${path}: no type`);
  if (s.properties && s.additionalProperties) out.push(`${path}: properties and additionalProperties together`);
  if (s.type === 'array' && !s.items) out.push(`${path}: array without items`);
  if (s.anyOf && !s['x-kubernetes-int-or-string']) out.push(`${path}: anyOf outside int-or-string`);
  for (const [k, v] of Object.entries(s.properties ?? {})) structuralProblems(v, `${path}.${k}`, out);
  if (s.items) structuralProblems(s.items, `${path}[]`, out);
  if (s.additionalProperties) structuralProblems(s.additionalProperties, `${path}{}`, out);
  return out;
}

test('every CRD schema is structural (a type on every node, no internal markers, only CRD keywords)', () => {
  for (const crd of renderCrds()) {
    const schema = (crd.spec as { versions: { schema: { openAPIV3Schema: Schema } }[] }).versions[0].schema.openAPIV3Schema;
    assert.deepEqual(structuralProblems(schema, crd.metadata.name, []), []);
  }
});

test('the CRD prints exactly the spec schema CRs are validated with', () => {
  for (const kind of ['ManagementPlane', 'ControlPlane', 'IngressGateway', 'EgressGateway', 'Tier1Gateway'] as InstallKind[]) {
    const schema = (renderCrd(kind).spec as { versions: { schema: { openAPIV3Schema: { properties: { spec: Schema } } } }[] }).versions[0].schema
      .openAPIV3Schema;
    assert.deepEqual(schema.properties.spec, toCrdSchema(specSchema(kind)));
  }
});

test('TSB-only fields stay in the CRD (as preserved objects) so TSB CRs still apply to a cluster', () => {
  const spec = toCrdSchema(specSchema('ManagementPlane'));
  const oap = spec.properties?.components.properties?.oap;
  assert.equal(oap?.['x-kubernetes-preserve-unknown-fields'], true);
  assert.match(oap?.description ?? '', /accepted and ignored by meshbridge/);
});
