import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerMessage, SidecarHealth } from '../../gen/agent-types.js';
import { FleetHealth } from './fleet-health.js';

const pod = (namespace: string, name: string, cause: string, sinceMs = 0): SidecarHealth => ({
  namespace,
  name,
  ip: '10.0.0.1',
  ready: cause === 'ready',
  cause,
  reason: cause,
  fix: cause === 'ready' ? '' : 'fix it',
  sinceMs,
  details: [],
});
const C = 'organizations/o/clusters/c1';

test('a full report then changes build the view: ready/total per namespace, not-ready worst first then oldest', () => {
  const f = new FleetHealth();
  f.apply(C, {
    full: true,
    changed: [pod('a', 'p1', 'ready'), pod('a', 'p2', 'not-live', 5000), pod('b', 'p3', 'proxy-unreachable', 8000), pod('b', 'p4', 'not-live', 1000)],
    removed: [],
    total: 4,
    ready: 1,
    sweptAtMs: 10_000,
    durationMs: 12,
    requestId: '',
  });
  let v = f.view(C, undefined, 20_000);
  assert.deepEqual(v?.namespaces, [
    { namespace: 'a', total: 2, ready: 1 },
    { namespace: 'b', total: 2, ready: 0 },
  ]);
  assert.deepEqual(
    v?.notReady.map((p) => [p.name, p.ageSeconds]),
    [
      ['p3', 12],
      ['p4', 19],
      ['p2', 15],
    ],
  );
  f.apply(C, { full: false, changed: [pod('b', 'p3', 'ready')], removed: ['b/p4'], total: 3, ready: 2, sweptAtMs: 11_000, durationMs: 9, requestId: '' });
  v = f.view(C, undefined, 20_000);
  assert.equal(v?.total, 3);
  assert.equal(v?.ready, 2);
  assert.deepEqual(
    v?.notReady.map((p) => p.name),
    ['p2'],
  );
  f.apply(C, { full: true, changed: [pod('z', 'only', 'ready')], removed: [], total: 1, ready: 1, sweptAtMs: 12_000, durationMs: 1, requestId: '' });
  assert.equal(f.view(C)?.total, 1, 'a full report replaces everything');
});

test('a workspace filter counts only its namespaces', () => {
  const f = new FleetHealth();
  f.apply(C, {
    full: true,
    changed: [pod('shop', 'a', 'ready'), pod('pay', 'b', 'no-config')],
    removed: [],
    total: 2,
    ready: 1,
    sweptAtMs: 1,
    durationMs: 1,
    requestId: '',
  });
  const v = f.view(C, (ns) => ns === 'shop');
  assert.deepEqual([v?.total, v?.ready, v?.notReady.length], [1, 1, 0]);
});

test('sweep asks the connected agent and resolves on the report carrying its request id; false without an agent', async () => {
  const f = new FleetHealth();
  assert.equal(await f.sweep(C, 100), false);
  const sent: ServerMessage[] = [];
  const send = (m: ServerMessage): void => {
    sent.push(m);
    setImmediate(() =>
      f.apply(C, { full: false, changed: [], removed: [], total: 0, ready: 0, sweptAtMs: 5, durationMs: 1, requestId: m.sweepRequest?.requestId ?? '' }),
    );
  };
  f.attach(C, send);
  assert.equal(await f.sweep(C, 1000), true);
  assert.equal(sent.length, 1);
  assert.equal(f.view(C)?.agentConnected, true);
  f.detach(C, send);
  assert.equal(f.view(C)?.agentConnected, false, 'results stay after the agent left');
  const silent = (): void => undefined;
  f.attach(C, silent);
  assert.equal(await f.sweep(C, 50), false, 'times out');
});
