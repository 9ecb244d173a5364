import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, sortObjects, type KubeObject } from './canonical.js';

test('canonicalize puts apiVersion, kind, metadata first and sorts every other key deeply', () => {
  const out = canonicalize({ spec: { z: 1, a: [{ y: 1, b: 2 }] }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1', data: undefined });
  assert.deepEqual(Object.keys(out), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(Object.keys(out.spec), ['a', 'z']);
  assert.deepEqual(Object.keys(out.spec.a[0]), ['b', 'y']);
});

test('sortObjects orders by apply order, then namespace, then name', () => {
  const o = (kind: string, name: string, namespace?: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
  const sorted = sortObjects([o('Deployment', 'b', 'n'), o('Service', 'a', 'n'), o('ServiceAccount', 'z', 'n'), o('Deployment', 'a', 'n'), o('Deployment', 'a', 'm')]);
  assert.deepEqual(sorted.map((x) => `${x.kind}/${x.metadata.namespace}/${x.metadata.name}`), ['ServiceAccount/n/z', 'Service/n/a', 'Deployment/m/a', 'Deployment/n/a', 'Deployment/n/b']);
});
