import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceObject } from '../../client/index.js';
import { sameContent } from './same-content.js';

const stored: ResourceObject = {
  apiVersion: 'api.tsb.tetrate.io/v2',
  kind: 'Tenant',
  metadata: { name: 't', organization: 'o', resourceVersion: '"e1"', displayName: 'Old', description: 'old text' },
  spec: { securityDomain: 'sd', fqn: 'organizations/o/tenants/t', etag: '"e1"' },
};

test('GIVEN only metadata.displayName or description changed WHEN compared THEN the object is not the same (the change would be lost)', () => {
  assert.equal(sameContent(stored, { ...stored, metadata: { ...stored.metadata, displayName: 'New' } }), false);
  assert.equal(sameContent(stored, { ...stored, metadata: { ...stored.metadata, description: 'new text' } }), false);
  const { displayName: _d, ...withoutName } = stored.metadata;
  assert.equal(sameContent(stored, { ...stored, metadata: withoutName }), false, 'a replace without displayName drops it');
});

test('server-derived fields (ancestors, etag, fqn, placement annotations) do not count as changes', () => {
  const wanted: ResourceObject = {
    apiVersion: stored.apiVersion,
    kind: 'Tenant',
    metadata: { name: 't', organization: 'o', displayName: 'Old', description: 'old text' },
    spec: { securityDomain: 'sd' },
  };
  assert.equal(sameContent(stored, wanted), true);
  const vs: ResourceObject = {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'v', annotations: { 'tsb.tetrate.io/organization': 'o', 'tsb.tetrate.io/trafficGroup': 'g', team: 'a' } },
    spec: {},
  };
  assert.equal(sameContent(vs, { ...vs, metadata: { name: 'v', annotations: { 'tsb.tetrate.io/trafficGroup': 'g', team: 'a' } } }), true);
  assert.equal(sameContent(vs, { ...vs, metadata: { name: 'v', annotations: { 'tsb.tetrate.io/trafficGroup': 'g', team: 'b' } } }), false);
});
