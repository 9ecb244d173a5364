import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearest } from './suggest.js';

test('edit distance counts an adjacent swap as one edit', () => {
  assert.equal(editDistance('gte', 'get'), 1);
  assert.equal(editDistance('tenat', 'tenant'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('apply', 'apply'), 0);
});

test('nearest keeps only the closest candidates within a distance that grows with the word', () => {
  assert.deepEqual(nearest('gte', ['get', 'edit', 'delete', 'status']), ['get']);
  assert.deepEqual(nearest('tenat', ['tenant', 'org', 'profile', 'config']), ['tenant']);
  assert.deepEqual(nearest('stat', ['status', 'validate']), ['status']);
  assert.deepEqual(nearest('xyz', ['get', 'apply']), []);
});
