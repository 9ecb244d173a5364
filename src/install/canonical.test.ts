import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortObjects, type KubeObject } from './canonical.js';

test('sortObjects orders by apply order, then namespace, then name', () => {
  const o = (kind: string, name: string, namespace?: string): KubeObject => ({
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });
  const sorted = sortObjects([
    o('Deployment', 'b', 'n'),
    o('Service', 'a', 'n'),
    o('ServiceAccount', 'z', 'n'),
    o('Deployment', 'a', 'n'),
    o('Deployment', 'a', 'm'),
  ]);
  assert.deepEqual(
    sorted.map((x) => `${x.kind}/${x.metadata.namespace}/${x.metadata.name}`),
    ['ServiceAccount/n/z', 'Service/n/a', 'Deployment/m/a', 'Deployment/n/a', 'Deployment/n/b'],
  );
});
