import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOverlap, selectorCovers, selectorMatches, selectorsOverlap } from './selector.js';

test('selectorMatches: exact, any-cluster, any-namespace and prefix globs', () => {
  assert.equal(selectorMatches({ names: ['c1/ns1'] }, 'c1', 'ns1'), true);
  assert.equal(selectorMatches({ names: ['c1/ns1'] }, 'c2', 'ns1'), false);
  assert.equal(selectorMatches({ names: ['*/ns1'] }, 'c2', 'ns1'), true);
  assert.equal(selectorMatches({ names: ['c1/*'] }, 'c1', 'anything'), true);
  assert.equal(selectorMatches({ names: ['c1/*'] }, 'c2', 'anything'), false);
  assert.equal(selectorMatches({ names: ['*/*'] }, 'x', 'y'), true);
  assert.equal(selectorMatches({ names: ['c1/ns*'] }, 'c1', 'ns-prod'), true);
  assert.equal(selectorMatches({ names: ['c1/ns*'] }, 'c1', 'other'), false);
  assert.equal(selectorMatches(undefined, 'c1', 'ns'), false);
});

test('selectorsOverlap: globs overlap exactly when one namespace can match both', () => {
  assert.equal(selectorsOverlap({ names: ['c1/a'] }, { names: ['c1/b'] }), false);
  assert.equal(selectorsOverlap({ names: ['c1/a'] }, { names: ['c2/a'] }), false);
  assert.equal(selectorsOverlap({ names: ['*/a'] }, { names: ['c2/a'] }), true);
  assert.equal(selectorsOverlap({ names: ['c1/*'] }, { names: ['c1/a'] }), true);
  assert.equal(selectorsOverlap({ names: ['c1/app*'] }, { names: ['c1/ap*'] }), true);
  assert.equal(selectorsOverlap({ names: ['c1/app*'] }, { names: ['c1/b*'] }), false);
  assert.equal(selectorsOverlap({ names: ['c1/app*'] }, { names: ['c1/apple'] }), true);
  assert.equal(selectorsOverlap({ names: ['c1/app*'] }, { names: ['c1/ap'] }), false);
  assert.deepEqual(findOverlap({ names: ['c9/x', 'c1/a'] }, { names: ['*/a'] }), ['c1/a', '*/a']);
});

test('selectorCovers: a group selector must stay inside its workspace selector', () => {
  assert.equal(selectorCovers({ names: ['c1/*'] }, { names: ['c1/a', 'c1/b*'] }), true);
  assert.equal(selectorCovers({ names: ['c1/a*'] }, { names: ['c1/*'] }), false);
  assert.equal(selectorCovers({ names: ['*/a'] }, { names: ['c3/a'] }), true);
  assert.equal(selectorCovers({ names: ['c1/a'] }, { names: ['c1/a*'] }), false);
});
