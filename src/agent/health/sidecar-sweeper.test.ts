// The fleet prober against emulations of pilot-agent and Envoy (test/support) on distinct loopback
// addresses (127.13.1.x) with the pods' real ports 15021/15020.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { startSidecarEmulation, type SidecarEmulation } from '../../../test/support/istio-proxy-emulation.js';
import type { SidecarHealthReport } from '../../gen/agent-types.js';
import type { InventoryPod } from '../inventory/inventory.js';
import { SidecarSweeper } from './sidecar-sweeper.js';

const ports = { ready: 15021, agent: 15020, admin: 15000 };

test('sweeps every listed pod (against emulations on 127.13.1.x), first report full, then only changes, removals named', async () => {
  const sidecars: SidecarEmulation[] = [];
  try {
    sidecars.push(await startSidecarEmulation({ host: '127.13.1.1', ports }));
    sidecars.push(
      await startSidecarEmulation({
        host: '127.13.1.2',
        ports,
        envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 },
      }),
    );
    sidecars.push(await startSidecarEmulation({ host: '127.13.1.3', ports, envoyState: { workersStarted: 0 } }));
    let pods: InventoryPod[] = [
      { namespace: 'shop', name: 'web-0', ip: '127.13.1.1' },
      { namespace: 'shop', name: 'cart-0', ip: '127.13.1.2' },
      { namespace: 'pay', name: 'pay-0', ip: '127.13.1.3' },
      { namespace: 'pay', name: 'gone-0', ip: '127.13.1.4' },
    ];
    const reports: SidecarHealthReport[] = [];
    let t = 1000;
    const s = new SidecarSweeper({ pods: async () => pods, intervalMs: 0, concurrency: 2, timeoutMs: 1000, onReport: (r) => reports.push(r), now: () => t });
    const first = await s.sweepNow();
    assert.deepEqual({ ...first, durationMs: 0 }, { total: 4, ready: 1, changed: 4, removed: 0, durationMs: 0 });
    assert.equal(reports[0].full, true);
    assert.deepEqual(
      reports[0].changed.map((h) => [h.name, h.cause]),
      [
        ['web-0', 'ready'],
        ['cart-0', 'no-config'],
        ['pay-0', 'workers-not-started'],
        ['gone-0', 'proxy-unreachable'],
      ],
    );
    t = 2000;
    await s.sweepNow();
    assert.equal(reports.length, 1, 'nothing changed: nothing sent');
    sidecars[1].envoy.cds.success = 1;
    sidecars[1].envoy.lds.success = 1;
    sidecars[1].envoy.serverState = 0;
    pods = pods.filter((p) => p.name !== 'gone-0');
    t = 3000;
    await s.sweepNow();
    assert.equal(reports.length, 2);
    assert.equal(reports[1].full, false);
    assert.deepEqual(
      reports[1].changed.map((h) => [h.name, h.cause, h.sinceMs]),
      [['cart-0', 'ready', 3000]],
    );
    assert.deepEqual(reports[1].removed, ['pay/gone-0']);
    assert.equal(s.current.get('pay/pay-0')?.sinceMs, 1000, 'age counts from when the pod entered its state');
    const again = await s.sweepNow('req-1');
    assert.equal(again.changed, 0);
    assert.equal(reports[2].requestId, 'req-1', 'an on-demand sweep always answers');
    s.resetStream();
    await s.sweepNow();
    assert.equal(reports[3].full, true);
  } finally {
    await Promise.all(sidecars.map((x) => x.close()));
  }
});

test('concurrency is bounded and a silent sidecar costs one timeout, not the sweep', async () => {
  let inFlight = 0;
  let peak = 0;
  // 127.13.1.9 answers 200 after 50 ms and counts requests in flight; 127.13.1.10 never answers.
  const slow = createServer((_req, res) => {
    peak = Math.max(peak, ++inFlight);
    setTimeout(() => {
      inFlight--;
      res.end();
    }, 50);
  });
  const held = new Set<Socket>();
  const silent = createNetServer((sock) => held.add(sock));
  await new Promise<void>((r) => slow.listen(15021, '127.13.1.9', () => r()));
  await new Promise<void>((r) => silent.listen(15021, '127.13.1.10', () => r()));
  try {
    const pods = [
      ...Array.from({ length: 20 }, (_, i) => ({ namespace: 'n', name: `p${i}`, ip: '127.13.1.9' })),
      { namespace: 'n', name: 'mute', ip: '127.13.1.10' },
    ];
    const s = new SidecarSweeper({ pods: async () => pods, concurrency: 4, timeoutMs: 300, intervalMs: 0, onReport: () => undefined });
    const t0 = Date.now();
    const r = await s.sweepNow();
    assert.equal(r.total, 21);
    assert.equal(r.ready, 20);
    assert.equal(peak, 4, 'never more than --health-concurrency probes at once');
    assert.equal(s.current.get('n/mute')?.cause, 'probe-timeout');
    assert.ok(Date.now() - t0 < 1500, `one timeout, not one per pod: ${Date.now() - t0} ms`);
  } finally {
    for (const sock of held) sock.destroy();
    const closed = Promise.all([new Promise((r) => slow.close(r)), new Promise((r) => silent.close(r))]);
    slow.closeAllConnections();
    await closed;
  }
});
