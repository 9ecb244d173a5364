import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterAll } from './_get-all.js';
import type { ResourceObject } from '../../client/index.js';

const ig: ResourceObject = {
  apiVersion: 'gateway.tsb.tetrate.io/v2',
  kind: 'IngressGateway',
  metadata: { name: 'g' },
  spec: { http: [{ hostname: 'abc.tetrate.prod', routing: { rules: [{ route: { host: 'ns-a/app-a.ns-a.svc.cluster.local' } }] } }] },
};
const ws: ResourceObject = {
  apiVersion: 'api.tsb.tetrate.io/v2',
  kind: 'Workspace',
  metadata: { name: 'w' },
  spec: { namespaceSelector: { names: ['*/ns-a'] } },
};

test('get all filters by kind (or short form), apiVersion and referenced host, ANDed', () => {
  assert.deepEqual(filterAll([ig, ws], { kind: 'ig' }), [ig]);
  assert.deepEqual(filterAll([ig, ws], { kind: 'Workspace' }), [ws]);
  assert.deepEqual(filterAll([ig, ws], { apiVersion: 'api.tsb.tetrate.io/v2' }), [ws]);
  assert.deepEqual(filterAll([ig, ws], { fqdn: 'app-a.ns-a.svc.cluster.local' }), [ig]);
  assert.deepEqual(filterAll([ig, ws], { fqdn: 'abc.tetrate.prod', kind: 'Workspace' }), []);
});
