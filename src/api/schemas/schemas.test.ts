import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { MeshError } from '../errors/index.js';
import { fromCreateBody, fromUpdateBody, validateResource } from './envelope.js';
import { toEnvelope } from '../placement.js';
import { TSB_SAMPLES } from './tsb-samples.test-data.js';

const docs = parseAllDocuments(TSB_SAMPLES).map((d) => d.toJS() as Record<string, unknown>);

function rejects(fn: () => unknown, field: string, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MeshError, String(e));
    assert.equal(e.field, field, e.message);
    assert.match(e.message, re);
    return true;
  });
}

test('GIVEN TSB sample YAML WHEN validated THEN every document is accepted unchanged with the right FQN', () => {
  const fqns = docs.map((d) => validateResource(d).fqn);
  assert.deepEqual(fqns, [
    'organizations/tetrate/settings/default',
    'organizations/tetrate/tenants/prod-abc',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/gatewaygroups/gateway-abc-group',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/trafficgroups/traffic-abc-group',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/securitygroups/security-abc-group',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/gatewaygroups/gateway-abc-group/ingressgateways/app-abc-gateway',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/gatewaygroups/gateway-abc-group/tier1gateways/app-abc-t1',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/trafficgroups/traffic-abc-group/settings/default',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/trafficgroups/traffic-abc-group/serviceroutes/reviews',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/securitygroups/security-abc-group/settings/default',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/settings/default',
    'organizations/tetrate/clusters/cluster1',
    'organizations/tetrate/tenants/prod-abc/workspaces/app-abc-ws/trafficgroups/traffic-abc-group/virtualservices/bookinfo',
  ]);
});

test('unknown field is rejected naming its path and the allowed fields', () => {
  rejects(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', organization: 'o' }, spec: { dispalyName: 'x' } }),
    'spec.dispalyName',
    /unknown field \(did you mean "displayName"\?\); allowed here: .*displayName/,
  );
});

test('bad selector entry names the list index and the expected syntax', () => {
  rejects(
    () =>
      validateResource({
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Workspace',
        metadata: { name: 'w', organization: 'o', tenant: 't' },
        spec: { namespaceSelector: { names: ['ok/ns', 'no-slash'] } },
      }),
    'spec.namespaceSelector.names[1]',
    /"no-slash" is not valid; expected "<cluster>\/<namespace>"/,
  );
});

test('a workspace without namespaceSelector is rejected as required', () => {
  rejects(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Workspace', metadata: { name: 'w', organization: 'o', tenant: 't' }, spec: {} }),
    'spec.namespaceSelector',
    /required/,
  );
});

test('enum values are exact and the message lists the allowed ones', () => {
  rejects(
    () =>
      validateResource({
        apiVersion: 'traffic.tsb.tetrate.io/v2',
        kind: 'Group',
        metadata: { name: 'g', organization: 'o', tenant: 't', workspace: 'w' },
        spec: { configMode: 'bridged' },
      }),
    'spec.configMode',
    /one of BRIDGED, DIRECT/,
  );
});

test('wrong types, unknown kinds and missing ancestors are named', () => {
  rejects(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't', organization: 'o' }, spec: { displayName: 5 } }),
    'spec.displayName',
    /must be a string/,
  );
  rejects(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 'T_T', organization: 'o' } }),
    'metadata.name',
    /not valid/,
  );
  rejects(
    () => validateResource({ apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 't' } }),
    'metadata.organization',
    /needs metadata.organization/,
  );
  rejects(() => validateResource({ apiVersion: 'api.tsb.tetrate.io/v1', kind: 'Tenant', metadata: { name: 't' } }), 'apiVersion', /use api.tsb.tetrate.io\/v2/);
  rejects(() => validateResource({ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 't' } }), 'kind', /not a kind/);
});

test('TSB create body and envelope body normalise to the same resource', () => {
  const a = fromCreateBody('organizations/tetrate', 'tenants', { name: 'prod', tenant: { displayName: 'Prod' } });
  const b = fromCreateBody('organizations/tetrate', 'tenants', {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    metadata: { name: 'prod' },
    spec: { displayName: 'Prod' },
  });
  assert.deepEqual(a, b);
  assert.equal(a.fqn, 'organizations/tetrate/tenants/prod');
  rejects(() => fromCreateBody('organizations/tetrate', 'tenants', { name: 'prod', tenants: {} }), 'tenants', /allowed here: name, tenant, parent/);
  rejects(
    () =>
      fromCreateBody('organizations/tetrate', 'tenants', {
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Tenant',
        metadata: { name: 'p', organization: 'other' },
      }),
    'metadata.organization',
    /does not match the request path/,
  );
});

test('PUT accepts TSB flat objects with etag and envelopes with resourceVersion', () => {
  const flat = fromUpdateBody('organizations/o/tenants/t', { displayName: 'x', etag: '"e1"', fqn: 'organizations/o/tenants/t' });
  assert.equal(flat.etag, '"e1"');
  assert.deepEqual(flat.spec, { displayName: 'x' });
  const env = fromUpdateBody('organizations/o/tenants/t', {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    metadata: { name: 't', organization: 'o', resourceVersion: '"e2"' },
    spec: {},
  });
  assert.equal(env.etag, '"e2"');
  rejects(
    () => fromUpdateBody('organizations/o/tenants/t', { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: { name: 'u', organization: 'o' } }),
    'metadata.name',
    /does not match/,
  );
});

test('toEnvelope round-trips through validateResource', () => {
  for (const d of docs) {
    const v = validateResource(d);
    const env = toEnvelope({ fqn: v.fqn, apiVersion: v.kind.apiVersion, kind: v.kind.kind, name: v.name, metadata: v.metadata, spec: v.spec, etag: '"abc"' });
    const again = validateResource(env);
    assert.equal(again.fqn, v.fqn);
    assert.deepEqual(again.spec, v.spec);
    assert.equal(again.etag, '"abc"');
  }
});

test('GIVEN several problems in one resource WHEN validated THEN every one is listed with its path, not "N more problems"', () => {
  assert.throws(
    () =>
      validateResource({
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Workspace',
        metadata: { name: 'w', organization: 'o', tenant: 't' },
        spec: { namespaceSelector: { names: ['bad'] }, privileged: 'yes', dispalyName: 'x' },
      }),
    (e: unknown) => {
      assert.ok(e instanceof MeshError);
      const lines = e.message.split('\n');
      assert.equal(lines[0], 'Workspace is invalid (3 problems):');
      for (const f of ['spec.namespaceSelector.names[0]', 'spec.privileged', 'spec.dispalyName'])
        assert.ok(
          lines.some((l) => l.startsWith(`  * ${f}: `)),
          `${f}:\n${e.message}`,
        );
      assert.doesNotMatch(e.message, /more problem/);
      return true;
    },
  );
});
