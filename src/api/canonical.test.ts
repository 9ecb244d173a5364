import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, canonicalObject, compareStrings } from './canonical.js';

test('canonical sorts every key deeply, keeps array order and drops undefined values', () => {
  const out = canonical({ z: 1, a: [{ y: 1, b: 2 }, 3], m: undefined });
  assert.deepEqual(Object.keys(out), ['a', 'z']);
  assert.deepEqual(Object.keys(out.a[0] as object), ['b', 'y']);
  assert.equal(JSON.stringify(out), '{"a":[{"b":2,"y":1},3],"z":1}');
});

test('canonicalObject puts apiVersion, kind, metadata first and sorts every other key deeply', () => {
  const out = canonicalObject({ spec: { z: 1, a: [{ y: 1, b: 2 }] }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1', data: undefined });
  assert.deepEqual(Object.keys(out), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(Object.keys(out.spec), ['a', 'z']);
  assert.deepEqual(Object.keys(out.spec.a[0]), ['b', 'y']);
});

test('compareStrings orders by code point, not locale', () => {
  assert.deepEqual(['b', 'B', 'a', 'ä'].sort(compareStrings), ['B', 'a', 'b', 'ä']);
});
