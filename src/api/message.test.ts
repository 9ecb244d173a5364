import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromMessage, messageToEnvelope, toMessage } from './message.js';
import { toEnvelope, type ResourceLike } from './placement.js';

const tenant: ResourceLike = {
  fqn: 'organizations/o/tenants/t',
  apiVersion: 'api.tsb.tetrate.io/v2',
  kind: 'Tenant',
  name: 't',
  metadata: {},
  spec: { displayName: 'T' },
  etag: '"e1"',
};
const vs: ResourceLike = {
  fqn: 'organizations/o/tenants/t/workspaces/w/trafficgroups/g/virtualservices/vs',
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  name: 'vs',
  metadata: { namespace: 'app', labels: { a: 'b' } },
  spec: { hosts: ['a'] },
  etag: '"e2"',
};

test("toMessage answers TSB's REST shape: fqn, etag and the object's fields; envelope-only metadata under metadata", () => {
  assert.deepEqual(toMessage(tenant), { fqn: 'organizations/o/tenants/t', etag: '"e1"', displayName: 'T' });
  assert.deepEqual(toMessage(vs), { fqn: vs.fqn, etag: '"e2"', hosts: ['a'], metadata: { namespace: 'app', labels: { a: 'b' } } });
});

test('a message converts back to the envelope the server would have rendered (TSB and Istio kinds)', () => {
  for (const r of [tenant, vs]) {
    assert.deepEqual(fromMessage(toMessage(r)), r);
    assert.deepEqual(messageToEnvelope(toMessage(r)), toEnvelope(r));
  }
});

test("a create response's one-time extras stay beside the envelope, never in its spec", () => {
  const cluster: ResourceLike = {
    fqn: 'organizations/o/clusters/c',
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Cluster',
    name: 'c',
    metadata: {},
    spec: {},
    etag: '"e3"',
  };
  const env = messageToEnvelope({ ...toMessage(cluster), credentials: { keyId: 'k' } });
  assert.deepEqual(env.credentials, { keyId: 'k' });
  assert.equal((env.spec as Record<string, unknown>).credentials, undefined);
});

test('a body without an fqn is not a resource message', () => {
  assert.throws(() => fromMessage({ apiVersion: 'v', kind: 'Tenant', metadata: {} }), /fqn/);
});
