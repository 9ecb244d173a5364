import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from './read-manifests.js';
import { planManifests } from './plan.js';

const ws = 'apiVersion: api.tsb.tetrate.io/v2\nkind: Workspace\nmetadata:\n  tenant: t\n  name: w\n';
const tenant = 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: o\n  name: t\n';

test('documents are ordered parents first and keep file order within a level', () => {
  const plan = planManifests(parseManifests([ws, tenant, tenant.replace('name: t', 'name: u')].join('---\n'), 'f.yaml'), {
    org: { value: 'o', source: 'flag --org' },
  });
  assert.deepEqual(
    plan.map((p) => p.fqn),
    ['organizations/o/tenants/t', 'organizations/o/tenants/u', 'organizations/o/tenants/t/workspaces/w'],
  );
  assert.equal(plan[2].source, 'f.yaml#1');
  assert.equal(plan[2].org?.source, 'flag --org');
  assert.equal(plan[2].object.metadata.organization, 'o');
});

test('direct-mode Istio objects find their group through TSB annotations', () => {
  const vs =
    'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: v\n  annotations:\n    tsb.tetrate.io/organization: o\n    tsb.tetrate.io/tenant: t\n    tsb.tetrate.io/workspace: w\n    tsb.tetrate.io/gatewayGroup: g\nspec: {}\n';
  assert.equal(planManifests(parseManifests(vs, 'v'), {})[0].fqn, 'organizations/o/tenants/t/workspaces/w/gatewaygroups/g/virtualservices/v');
  assert.throws(
    () => planManifests(parseManifests(vs.replace('gatewayGroup', 'group'), 'v'), {}),
    /v#1: metadata.annotations must say which group VirtualService lives in/,
  );
});

test('a document missing its ancestors or its kind is rejected naming file and field', () => {
  assert.throws(() => planManifests(parseManifests(ws, 'x.yaml'), {}), /x.yaml#1: metadata.organization is required for Workspace/);
  assert.throws(() => planManifests(parseManifests('kind: Tenant\nmetadata:\n  name: a\n', 'x.yaml'), {}), /x.yaml#1: apiVersion is required/);
  assert.throws(
    () => planManifests(parseManifests('apiVersion: a/v1\nkind: Nope\nmetadata:\n  name: a\n', 'x.yaml'), {}),
    /a\/v1 Nope is not a kind meshbridge serves/,
  );
  assert.throws(() => parseManifests('a: [\n', 'bad.yaml'), /bad.yaml#1: not valid YAML/);
  assert.throws(() => planManifests(parseManifests(tenant.replace('name: t', 'name: Bad_Name'), 'x.yaml'), {}), /metadata.name/);
});
