import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatches, selectorMatches, selectorTouchesCluster } from './selector.js';

test('a selector entry matches exact, any-cluster, any-namespace and prefix globs', () => {
  assert.equal(selectorMatches(['c1/ns1'], 'c1', 'ns1'), true);
  assert.equal(selectorMatches(['c1/ns1'], 'c2', 'ns1'), false);
  assert.equal(selectorMatches(['*/ns1'], 'c9', 'ns1'), true);
  assert.equal(selectorMatches(['c1/*'], 'c1', 'anything'), true);
  assert.equal(selectorMatches(['*/*'], 'x', 'y'), true);
  assert.equal(selectorMatches(['c1/ns*'], 'c1', 'ns-a'), true);
  assert.equal(selectorMatches(['c1/ns*'], 'c1', 'other'), false);
  assert.equal(selectorMatches(['bad-entry'], 'c1', 'ns1'), false);
});

test('glob handles stars in the middle and does not let prefix and suffix overlap', () => {
  assert.equal(globMatches('a*c', 'abc'), true);
  assert.equal(globMatches('a*c', 'ac'), true);
  assert.equal(globMatches('ab*bc', 'abc'), false);
  assert.equal(globMatches('a*b*c', 'axxbyyc'), true);
});

test('selectorTouchesCluster tells whether a cluster can be affected at all', () => {
  assert.equal(selectorTouchesCluster(['c1/ns1', 'c2/*'], 'c2'), true);
  assert.equal(selectorTouchesCluster(['c1/ns1'], 'c3'), false);
  assert.equal(selectorTouchesCluster(['*/ns1'], 'c3'), true);
});
