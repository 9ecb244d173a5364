import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMeshError, PkiErrors } from '../api/index.js';
import { createRootCa } from './ca.js';
import { compareRoots, groupByRoots, parseRoots, parseWorkloadRoots } from './rootca.js';

const NOW = new Date('2026-03-01T00:00:00Z');

test('rootca-compare matches when any root is byte-identical (rotation bundle) and lists the differing ones', async () => {
  const [a, b, c] = await Promise.all([0, 1, 2].map(() => createRootCa({ now: NOW, keyType: 'ec' })));
  const rotation = parseRoots(a.certPem + b.certPem, 'p1');
  const r = compareRoots(rotation, parseRoots(b.certPem, 'p2'));
  assert.equal(r.match, true);
  assert.equal(r.shared.length, 1);
  assert.equal(r.onlyA.length, 1);
  const miss = compareRoots(parseRoots(a.certPem, 'p1'), parseRoots(c.certPem, 'p2'));
  assert.equal(miss.match, false);
  assert.equal(miss.onlyA[0].fingerprint256.length, 64);
  assert.equal(miss.onlyB[0].subject, 'O=Istio, CN=Root CA');
});

test('--all groups workloads connected by shared roots and names the outliers and those without roots', async () => {
  const [a, b, c] = await Promise.all([0, 1, 2].map(() => createRootCa({ now: NOW, keyType: 'ec' })));
  const input = JSON.stringify([
    { workload: 'web.shop', roots: a.certPem },
    { workload: 'cart.shop', roots: a.certPem + b.certPem },
    { workload: 'pay.shop', roots: b.certPem },
    { workload: 'legacy.ops', roots: c.certPem },
    { workload: 'new.ops', roots: '' },
  ]);
  const g = groupByRoots(parseWorkloadRoots(input, 'workloads.json'));
  assert.deepEqual(
    g.groups.map((x) => x.workloads),
    [['cart.shop', 'pay.shop', 'web.shop'], ['legacy.ops']],
  );
  assert.deepEqual(g.outliers, ['legacy.ops']);
  assert.deepEqual(g.missing, ['new.ops']);
});

test('--all input errors name the entry at fault', () => {
  assert.throws(
    () => parseWorkloadRoots('[{"roots": ""}]', 'w.json'),
    (e) => isMeshError(e, PkiErrors.WorkloadRootsInvalid) && e.field === 'w.json[0].workload',
  );
  assert.throws(
    () => parseWorkloadRoots('{', 'w.json'),
    (e) => isMeshError(e, PkiErrors.WorkloadRootsInvalid),
  );
});
