import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from '../scope.js';
import { affectedClusters } from '../translate.js';
import { EDGE, T1, WS, base } from './goldens.test-data.js';

test('organization and workspace settings and tier-1 gateways recompute every cluster: their objects land outside the workspace (issue #17)', () => {
  const index = buildIndex(base());
  const all = ['t1', 'c1', 'c2', 'c3'];
  for (const fqn of ['organizations/tetrate/settings/default', `${WS}/settings/default`, T1]) {
    assert.deepEqual([...affectedClusters(index, index, [fqn], all)].sort(), [...all].sort(), fqn);
  }
  // A traffic group's setting still touches only what its workspace selects.
  assert.deepEqual([...affectedClusters(index, index, [`${EDGE}/trafficgroups/t/settings/default`], all)], ['t1']);
});
