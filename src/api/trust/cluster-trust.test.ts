import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterTrust, everyWorkloadChainsTo, everyWorkloadHoldsRoot, filterTrust, noWorkloadHoldsRoot, rotationProgress } from './cluster-trust.js';
import { clusterTrustView, fleetTrustVerdict, fleetTrustView } from './fleet-trust-view.js';

const OLD = 'a'.repeat(64);
const NEW = 'b'.repeat(64);
const w = (ns: string, name: string, roots: string[], chainRoot: string, inter = 'i1') => ({
  namespace: ns,
  name,
  rootSha256: roots,
  chainSha256: [`leaf-${name}`, inter],
  chainRootSha256: chainRoot,
  leafNotAfterMs: Date.UTC(2030, 0, 1),
});

test('GIVEN workloads mid-rotation WHEN grouped THEN groups are by bundle, chain and chain root, largest first, and the gates name the workloads that hold back', () => {
  const t = clusterTrust(
    'east',
    [w('shop', 'web-1', [NEW, OLD], OLD), w('shop', 'web-0', [OLD, NEW], OLD), w('pay', 'pay-0', [OLD, NEW], NEW, 'i2'), w('pay', 'legacy-0', [OLD], OLD)],
    new Date(0),
  );
  assert.equal(t.total, 4);
  assert.deepEqual(
    t.groups.map((g) => g.workloads.map((x) => x.name)),
    [['web-0', 'web-1'], ['legacy-0'], ['pay-0']],
  );
  assert.deepEqual(t.groups[0].rootSha256, [OLD, NEW], 'bundle roots sorted');
  assert.equal(t.groups[0].workloads[0].leafNotAfter, '2030-01-01T00:00:00.000Z');
  assert.deepEqual(everyWorkloadHoldsRoot(t, NEW), { ok: false, reported: true, total: 4, passing: 3, failing: ['pay/legacy-0'] });
  assert.deepEqual(everyWorkloadChainsTo(t, NEW).failing, ['pay/legacy-0', 'shop/web-0', 'shop/web-1']);
  assert.equal(noWorkloadHoldsRoot(t, OLD).passing, 0);
  assert.deepEqual(rotationProgress(t, OLD, NEW), {
    from: OLD,
    to: NEW,
    total: 4,
    oldOnly: 1,
    both: 3,
    newOnly: 0,
    neither: 0,
    chainsToOld: 3,
    chainsToNew: 1,
    chainsToOther: 0,
  });
  assert.equal(filterTrust(t, (ns) => ns === 'pay').total, 2);
});

test('GIVEN a cluster that never reported WHEN gated THEN the gate holds; GIVEN one with no workloads THEN it passes', () => {
  assert.deepEqual(everyWorkloadHoldsRoot(undefined, NEW), { ok: false, reported: false, total: 0, passing: 0, failing: [] });
  assert.equal(everyWorkloadChainsTo(clusterTrust('empty', [], new Date(0)), NEW).ok, true);
});

test('GIVEN two clusters WHEN viewed as a fleet THEN root sets are counted per cluster and outliers named with the reason', () => {
  const east = clusterTrust('east', [w('shop', 'web-0', [OLD], OLD), w('shop', 'web-1', [OLD], OLD)], new Date(0));
  const west = clusterTrust('west', [w('shop', 'web-0', [OLD], OLD), w('shop', 'odd-0', [NEW], '')], new Date(0));
  const views = [east, west].map((t) => clusterTrustView(t, { fqn: `organizations/o/clusters/${t.cluster}`, agentConnected: true, scope: 'cluster' }));
  assert.deepEqual(views[1].roots, [
    { sha256: OLD, holding: 1, chainsTo: 1 },
    { sha256: NEW, holding: 1, chainsTo: 0 },
  ]);
  assert.equal(views[1].chainsToNone, 1);
  const f = fleetTrustView(views, [{ sha256: OLD, label: 'mesh root', subject: 'O=mesh', notAfter: '' }]);
  assert.deepEqual(f.rootSets[0], {
    rootSha256: [OLD],
    total: 3,
    clusters: [
      { cluster: 'east', count: 2 },
      { cluster: 'west', count: 1 },
    ],
  });
  assert.equal(f.outliers.length, 1);
  assert.equal(f.outliers[0].name, 'odd-0');
  assert.match(f.outliers[0].reason, /holds roots bbbbbbbbbbbb, the fleet's majority aaaaaaaaaaaa; its certificate chain verifies to no root/);
  assert.deepEqual(
    f.roots.map((r) => [r.sha256.slice(0, 1), r.label]),
    [
      ['a', 'mesh root'],
      ['b', ''],
    ],
  );
});

test('GIVEN a workload whose secrets could not be read WHEN gated THEN it passes no gate, not even "holds no old root", and is an outlier with the reason', () => {
  const t = clusterTrust('east', [{ ...w('shop', 'web-0', [], ''), chainSha256: [], error: 'port-forward refused' }], new Date(0));
  assert.deepEqual(noWorkloadHoldsRoot(t, OLD).failing, ['shop/web-0']);
  assert.equal(everyWorkloadHoldsRoot(t, OLD).ok, false);
  const f = fleetTrustView([clusterTrustView(t, { fqn: 'organizations/o/clusters/east', agentConnected: true, scope: 'cluster' })], []);
  assert.deepEqual(f.outliers, [{ cluster: 'east', namespace: 'shop', name: 'web-0', reason: 'its secrets could not be read: port-forward refused' }]);
});

test('GIVEN the fleet view WHEN summed up for doctor THEN nothing reported is a warning, one root set ok, outliers a failure naming them', () => {
  const view = (list: ReturnType<typeof w>[]) =>
    fleetTrustView(
      [clusterTrustView(clusterTrust('east', list, new Date(0)), { fqn: 'organizations/o/clusters/east', agentConnected: true, scope: 'cluster' })],
      [{ sha256: OLD, label: 'mesh root', subject: '', notAfter: '' }],
    );
  assert.equal(fleetTrustVerdict(fleetTrustView([], [])).status, 'warn');
  assert.deepEqual(fleetTrustVerdict(view([w('shop', 'web-0', [OLD], OLD)])), {
    status: 'ok',
    detail: '1 workload(s) in 1 cluster(s) hold aaaaaaaaaaaaaaaa… (mesh root)',
  });
  const bad = fleetTrustVerdict(view([w('shop', 'web-0', [OLD], OLD), w('shop', 'web-1', [OLD], OLD), w('pay', 'odd-0', [NEW], NEW)]));
  assert.equal(bad.status, 'fail');
  assert.match(bad.cause ?? '', /^east pay\/odd-0: holds roots bbbbbbbbbbbb/);
});
