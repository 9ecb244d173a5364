import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru-cache.js';

test('evicts the least recently used entry beyond the bound', () => {
  const c = new LruCache<number>(2);
  c.set('a', 1, Infinity);
  c.set('b', 2, Infinity);
  assert.equal(c.get('a'), 1);
  c.set('c', 3, Infinity);
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 1);
  assert.equal(c.get('c'), 3);
  assert.equal(c.size, 2);
});

test('an expired entry is gone', () => {
  let t = 0;
  const c = new LruCache<string>(10, () => t);
  c.set('k', 'v', 100);
  assert.equal(c.get('k'), 'v');
  t = 100;
  assert.equal(c.get('k'), undefined);
  assert.equal(c.size, 0);
});

test('deleteWhere drops matching values only', () => {
  const c = new LruCache<string>(10);
  c.set('1', 'alice', Infinity);
  c.set('2', 'bob', Infinity);
  c.deleteWhere((v) => v === 'alice');
  assert.equal(c.get('1'), undefined);
  assert.equal(c.get('2'), 'bob');
});
