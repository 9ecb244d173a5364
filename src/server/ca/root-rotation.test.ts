import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterProgress, holdouts, transition, type ClusterReport } from './root-rotation.js';
import type { RotationPhase } from './root-rotation-state.js';

const roots = { old: 'a'.repeat(64), new: 'b'.repeat(64) };
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { def?: { code: string } }).def?.code;
  }
};

test('transitions: start → bundle → intermediates → cleanup → completed, each advance gated; start twice is MB4910; nothing to advance is MB4911', () => {
  assert.deepEqual(transition(undefined, 'start'), { to: 'bundle', gated: false, reissue: false, bundle: 'both' });
  assert.deepEqual(transition('bundle', 'advance'), { to: 'intermediates', gated: true, reissue: true, bundle: 'both' });
  assert.deepEqual(transition('intermediates', 'advance'), { to: 'cleanup', gated: true, reissue: false, bundle: 'new' });
  assert.deepEqual(transition('cleanup', 'advance'), { to: 'completed', gated: true, reissue: false, bundle: 'new' });
  for (const p of ['bundle', 'intermediates', 'cleanup', 'rollback'] as RotationPhase[])
    assert.equal(
      code(() => transition(p, 'start')),
      'MB4910',
    );
  assert.equal(
    code(() => transition(undefined, 'advance')),
    'MB4911',
  );
  assert.equal(
    code(() => transition(undefined, 'abort')),
    'MB4911',
  );
  assert.equal(
    code(() => transition('rollback', 'advance')),
    'MB4914',
  );
});

test('aborts go back one safe state: bundle → old only at once; intermediates → rollback (old-root intermediates, both roots); rollback → old only once gated; cleanup → both roots again', () => {
  assert.deepEqual(transition('bundle', 'abort'), { to: 'aborted', gated: false, reissue: false, bundle: 'old' });
  assert.deepEqual(transition('intermediates', 'abort'), { to: 'rollback', gated: false, reissue: true, bundle: 'both' });
  assert.deepEqual(transition('rollback', 'abort'), { to: 'aborted', gated: true, reissue: false, bundle: 'old' });
  assert.deepEqual(transition('cleanup', 'abort'), { to: 'intermediates', gated: false, reissue: false, bundle: 'both' });
  // No abort ever drops a root some certificate may still chain to: only `bundle` (no certificate
  // from the new root exists) and a gated rollback reach 'old'.
  for (const p of ['bundle', 'intermediates', 'cleanup', 'rollback'] as RotationPhase[]) {
    const t = transition(p, 'abort');
    if (t.bundle === 'old') assert.ok(p === 'bundle' || t.gated, `${p}: old-only bundle without a gate`);
  }
});

const both = [roots.old, roots.new];
const report = (over: Partial<ClusterReport> = {}): ClusterReport => ({
  connected: true,
  caCertSha256: 'c'.repeat(64),
  rootCertSha256: both,
  workloads: [],
  ...over,
});
const wl = (name: string, rootSha256: string[], chainRootSha256: string) => ({ namespace: 'shop', name, rootSha256, chainRootSha256 });

test('gate of step 1: cacerts with both roots and the delivered intermediate, every workload trusting both', () => {
  const ok = clusterProgress('bundle', roots, 'c1', true, 'c'.repeat(64), report({ workloads: [wl('w1', both, roots.old)] }));
  assert.equal(ok.done, true);
  assert.deepEqual(ok.workloads, { total: 1, done: 1 });
  const lag = clusterProgress(
    'bundle',
    roots,
    'c1',
    true,
    'c'.repeat(64),
    report({ workloads: [wl('w1', both, roots.old), wl('w2', [roots.old], roots.old)] }),
  );
  assert.equal(lag.done, false);
  assert.deepEqual(lag.lacking, ['1 of 2 workloads behind (shop/w2: its bundle lacks the new root)']);
  const stale = clusterProgress('bundle', roots, 'c1', true, 'c'.repeat(64), report({ rootCertSha256: [roots.old] }));
  assert.match(stale.lacking[0], /root-cert\.pem holds old root aaaaaaaaaaaa \(wants old root aaaaaaaaaaaa \+ new root bbbbbbbbbbbb\)/);
});

test('an offline cluster holds the gate and is named, even when its last report matched', () => {
  const p = clusterProgress('bundle', roots, 'organizations/o/clusters/c2', true, 'c'.repeat(64), report({ connected: false }));
  assert.equal(p.done, false);
  assert.deepEqual(holdouts([p]), ['organizations/o/clusters/c2: its agent is not connected']);
  const never = clusterProgress('bundle', roots, 'c3', true, 'c'.repeat(64), undefined);
  assert.equal(never.done, false);
  assert.equal(never.lacking.length, 3);
});

test('gate of step 2 wants the new intermediate and every workload chaining to the new root; step 3 wants the old root gone everywhere', () => {
  const newIca = 'd'.repeat(64);
  assert.match(clusterProgress('intermediates', roots, 'c1', true, newIca, report()).lacking[0], /not the delivered intermediate dddddddddddd/);
  const p2 = clusterProgress(
    'intermediates',
    roots,
    'c1',
    true,
    newIca,
    report({ caCertSha256: newIca, workloads: [wl('w1', both, roots.old), wl('w2', both, roots.new)] }),
  );
  assert.deepEqual(p2.lacking, ['1 of 2 workloads behind (shop/w1: its certificate does not chain to the new root yet)']);
  const p3 = clusterProgress(
    'cleanup',
    roots,
    'c1',
    true,
    newIca,
    report({ caCertSha256: newIca, rootCertSha256: [roots.new], workloads: [wl('w1', both, roots.new)] }),
  );
  assert.deepEqual(p3.lacking, ['1 of 1 workloads behind (shop/w1: its bundle still holds the old root)']);
  const done3 = clusterProgress(
    'cleanup',
    roots,
    'c1',
    true,
    newIca,
    report({ caCertSha256: newIca, rootCertSha256: [roots.new], workloads: [wl('w1', [roots.new], roots.new)] }),
  );
  assert.equal(done3.done, true);
});

test('rollback gate wants every workload back on the old root; more than five behind are counted, not all named', () => {
  const ws = Array.from({ length: 7 }, (_, i) => wl(`w${i}`, both, roots.new));
  const p = clusterProgress('rollback', roots, 'c1', true, 'c'.repeat(64), report({ workloads: ws }));
  assert.match(p.lacking[0], /^7 of 7 workloads behind \(shop\/w0: its certificate does not chain to the old root yet;.*; and 2 more\)$/);
});

test("a cluster that brings its own CA is not managed but gated: its root-cert.pem must hold the step's roots and its cert-chain.pem end in a root the managed clusters trust next", () => {
  const own = 'f'.repeat(64);
  const byo = (phase: RotationPhase, rootCertSha256: string[], chainRoot: string, workloads = [wl('w1', rootCertSha256, chainRoot)]) =>
    clusterProgress(phase, roots, 'byo', false, undefined, report({ rootCertSha256, certChainSha256: ['e'.repeat(64), chainRoot], workloads }));
  // Its own root only: broken by step 2 (managed workloads get new-root certificates it does not trust).
  const p = byo('bundle', [own], own);
  assert.equal(p.managed, false);
  assert.equal(p.done, false);
  assert.match(
    p.lacking[0],
    /brings its own CA and its root-cert\.pem holds foreign root ffffffffffff: add the old root aaaaaaaaaaaa \+ new root bbbbbbbbbbbb to it/,
  );
  assert.match(
    p.lacking[1],
    /cert-chain\.pem ends in foreign root ffffffffffff: re-issue its intermediate from the old root aaaaaaaaaaaa or new root bbbbbbbbbbbb/,
  );
  // Step 1 holds once it trusts both (its chain may stay on the old root); step 2 wants its chain on the new root.
  assert.equal(byo('bundle', [own, roots.old, roots.new], roots.old).done, true);
  assert.match(
    byo('intermediates', [roots.old, roots.new], roots.old).lacking.join(),
    /ends in old root aaaaaaaaaaaa: re-issue its intermediate from the new root/,
  );
  assert.equal(byo('intermediates', [roots.old, roots.new], roots.new).done, true);
  // In step 3 it may keep trusting the old root (its bundle is its own); in a rollback it must chain to the old root.
  assert.equal(byo('cleanup', [roots.old, roots.new], roots.new).done, true);
  assert.equal(byo('rollback', [roots.old, roots.new], roots.new).done, false);
  assert.equal(clusterProgress('bundle', roots, 'byo', false, undefined, undefined).lacking[0], 'its agent is not connected');
});

test('a workload its agent could not read, or a cluster that never reported its workloads, holds the gate', () => {
  const p = clusterProgress(
    'bundle',
    roots,
    'c1',
    true,
    'c'.repeat(64),
    report({ workloads: [{ ...wl('w1', both, roots.old), error: 'port-forward refused' }] }),
  );
  assert.deepEqual(p.lacking, ['1 of 1 workloads behind (shop/w1: its sidecar could not be read (port-forward refused))']);
  const silent = clusterProgress('bundle', roots, 'c1', true, 'c'.repeat(64), report({ workloadsReported: false }));
  assert.deepEqual(silent.lacking, ["its agent has not reported its workloads' trust"]);
});

test('an abort into the rollback after step 3 is gated on both roots trusted everywhere (the bundle gate); without step 3 in the history it is not', () => {
  const history = [{ to: 'bundle' }, { to: 'intermediates' }, { to: 'cleanup' }, { to: 'intermediates' }];
  assert.deepEqual(transition('intermediates', 'abort', history), { to: 'rollback', gated: true, reissue: true, bundle: 'both', gatePhase: 'bundle' });
  assert.equal(transition('intermediates', 'abort', history.slice(0, 2)).gated, false);
  // A rollback's workloads must still trust the old root.
  const p = clusterProgress('rollback', roots, 'c1', true, 'c'.repeat(64), report({ workloads: [wl('w1', [roots.new], roots.old)] }));
  assert.deepEqual(p.lacking, ['1 of 1 workloads behind (shop/w1: its bundle lacks the old root)']);
});
