import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorSteps, givenAncestor, levelOfCollection, resolveKind, storedMetadata, toEnvelope, withoutServerFields } from './placement.js';
import { findKind } from './kinds.js';

test('resolveKind: one kind, a wrong apiVersion, an unknown kind', () => {
  assert.equal((resolveKind('api.tsb.tetrate.io/v2', 'Tenant', {}) as { kind: { collection: string } }).kind.collection, 'tenants');
  assert.deepEqual(resolveKind('api.tsb.tetrate.io/v1', 'Tenant', {}), { problem: 'wrong-api-version', apiVersions: ['api.tsb.tetrate.io/v2'] });
  assert.deepEqual(resolveKind('api.tsb.tetrate.io/v2', 'Nope', {}), { problem: 'unknown-kind' });
});

test('resolveKind: an Istio kind under several groups is placed by the parent level, else by its group annotation', () => {
  const vs = (a: Record<string, unknown>, level?: 'trafficgroup') => resolveKind('networking.istio.io/v1', 'VirtualService', a, level);
  assert.equal((vs({ 'tsb.tetrate.io/gatewayGroup': 'g' }) as { kind: { parent: string } }).kind.parent, 'gatewaygroup');
  assert.equal((vs({}, 'trafficgroup') as { kind: { parent: string } }).kind.parent, 'trafficgroup');
  const r = vs({});
  assert.ok('problem' in r && r.problem === 'which-group');
  assert.deepEqual(
    r.candidates.map((k) => k.parent),
    ['gatewaygroup', 'trafficgroup'],
  );
});

test("ancestors come from metadata fields first, then TSB annotations (the group one of the kind's own level)", () => {
  const k = findKind('networking.istio.io/v1', 'VirtualService', 'trafficgroup');
  assert.ok(k);
  const steps = ancestorSteps(k);
  assert.deepEqual(
    steps.map((s) => s.annotation),
    ['tsb.tetrate.io/organization', 'tsb.tetrate.io/tenant', 'tsb.tetrate.io/workspace', 'tsb.tetrate.io/trafficGroup'],
  );
  const meta = {
    organization: 'o',
    annotations: { 'tsb.tetrate.io/organization': 'ignored', 'tsb.tetrate.io/tenant': 't', 'tsb.tetrate.io/trafficGroup': 'g' },
  };
  assert.deepEqual(
    steps.map((s) => givenAncestor(s, meta)),
    [{ value: 'o', from: 'metadata' }, { value: 't', from: 'annotation' }, undefined, { value: 'g', from: 'annotation' }],
  );
});

test('levelOfCollection maps FQN collections that open a level, and nothing else', () => {
  assert.equal(levelOfCollection('tenants'), 'tenant');
  assert.equal(levelOfCollection('trafficgroups'), 'trafficgroup');
  assert.equal(levelOfCollection('settings'), undefined);
});

test('server-owned fields: stored metadata drops placement and echoes; a client strips only the echoes', () => {
  assert.deepEqual(storedMetadata({ name: 'n', organization: 'o', fqn: 'x', resourceVersion: 'e', labels: { a: '1' }, displayName: 'd' }), {
    labels: { a: '1' },
    displayName: 'd',
  });
  const env = toEnvelope({
    fqn: 'organizations/o/tenants/t',
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    name: 't',
    metadata: { labels: { a: '1' } },
    spec: { displayName: 'T' },
    etag: '"e1"',
  });
  assert.deepEqual(env, {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    metadata: { name: 't', organization: 'o', labels: { a: '1' }, resourceVersion: '"e1"' },
    spec: { displayName: 'T', fqn: 'organizations/o/tenants/t', etag: '"e1"' },
  });
  assert.deepEqual(withoutServerFields(env as { metadata: object; spec: object }), {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Tenant',
    metadata: { name: 't', organization: 'o', labels: { a: '1' } },
    spec: { displayName: 'T' },
  });
});

test("toEnvelope of an Istio kind names its ancestors with annotations and keeps the spec Istio's own", () => {
  const env = toEnvelope({
    fqn: 'organizations/o/tenants/t/workspaces/w/trafficgroups/g/virtualservices/v',
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    name: 'v',
    metadata: {},
    spec: { hosts: ['a'] },
    etag: 'e',
  });
  const meta = env.metadata as Record<string, unknown>;
  assert.deepEqual(meta.annotations, {
    'tsb.tetrate.io/organization': 'o',
    'tsb.tetrate.io/tenant': 't',
    'tsb.tetrate.io/workspace': 'w',
    'tsb.tetrate.io/trafficGroup': 'g',
  });
  assert.equal(meta.fqn, 'organizations/o/tenants/t/workspaces/w/trafficgroups/g/virtualservices/v');
  assert.deepEqual(env.spec, { hosts: ['a'] });
});
