import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorMatches, selectorTouchesCluster } from './selector.js';

test('a selector entry matches exact, any-cluster, any-namespace and prefix globs', () => {
  assert.equal(selectorMatches(['c1/ns1'], 'c1', 'ns1'), true);
  assert.equal(selectorMatches(['c1/ns1'], 'c2', 'ns1'), false);
  assert.equal(selectorMatches(['*/ns1'], 'c9', 'ns1'), true);
  assert.equal(selectorMatches(['c1/*'], 'c1', 'anything'), true);
  assert.equal(selectorMatches(['*/*'], 'x', 'y'), true);
  assert.equal(selectorMatches(['c1/ns*'], 'c1', 'ns-a'), true);
  assert.equal(selectorMatches(['c1/ns*'], 'c1', 'other'), false);
});

test('selectorTouchesCluster tells whether a cluster can be affected at all', () => {
  assert.equal(selectorTouchesCluster(['c1/ns1', 'c2/*'], 'c2'), true);
  assert.equal(selectorTouchesCluster(['c1/ns1'], 'c3'), false);
  assert.equal(selectorTouchesCluster(['*/ns1'], 'c3'), true);
  assert.equal(selectorTouchesCluster(['prod*/ns1'], 'prod-eu'), true);
});
