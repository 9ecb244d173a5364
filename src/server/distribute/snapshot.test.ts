import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IstioObject } from '../../translate/index.js';
import { applyDelta, buildSnapshot, diffSnapshot, type HeldState } from './snapshot.js';

function vs(name: string, host: string): IstioObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'ns', labels: {}, annotations: { 'tsb.tetrate.io/fqn': `fqn/${name}` } },
    spec: { hosts: [host] },
  };
}

test('equal content keeps the previous snapshot and version; changed content gets a new version', () => {
  const a = buildSnapshot([vs('a', 'x'), vs('b', 'y')], 5);
  assert.match(a.version, /^5\.[\w-]{12}$/);
  assert.equal(buildSnapshot([vs('a', 'x'), vs('b', 'y')], 9, a), a);
  const b = buildSnapshot([vs('a', 'x'), vs('b', 'z')], 9, a);
  assert.notEqual(b.version, a.version);
  assert.equal(b.entries.get('ns/VirtualService/a'), a.entries.get('ns/VirtualService/a'), 'unchanged entries are shared');
  assert.deepEqual(b.byFqn.get('fqn/b'), ['ns/VirtualService/b']);
});

test('the diff against what an agent holds sends only changed objects and removals', () => {
  const a = buildSnapshot([vs('a', 'x'), vs('b', 'y')], 1);
  const held: HeldState = new Map();
  const first = diffSnapshot(held, a);
  assert.equal(first.upserts.length, 2);
  applyDelta(held, first.upserts, first.removes, true);
  assert.deepEqual(diffSnapshot(held, a), { upserts: [], removes: [] });
  const b = buildSnapshot([vs('b', 'changed'), vs('c', 'new')], 2, a);
  const d = diffSnapshot(held, b);
  assert.deepEqual(
    d.upserts.map((e) => e.key),
    ['ns/VirtualService/b', 'ns/VirtualService/c'],
  );
  assert.deepEqual(d.removes, ['ns/VirtualService/a']);
});
