// Contract tests of the sidecar probe and explainer against an emulation of pilot-agent and Envoy
// (test/support/istio-proxy-emulation.ts, written from reference/istio.md §1): real HTTP servers on
// loopback for 15021 (Envoy readiness listener), 15020 (pilot-agent) and 15000 (Envoy admin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startSidecarEmulation, type SidecarEmulation, type SidecarEmulationOptions } from '../../test/support/istio-proxy-emulation.js';
import { probeSidecar, type SidecarProbeResult } from './sidecar-probe.js';

async function withSidecar(opts: SidecarEmulationOptions, fn: (s: SidecarEmulation) => Promise<void>): Promise<void> {
  const s = await startSidecarEmulation(opts);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const viaAdmin = (s: SidecarEmulation, explain = false): Promise<SidecarProbeResult> =>
  probeSidecar({ readyUrl: `http://${s.host}:${s.ports.ready}/healthz/ready`, adminUrl: `http://${s.host}:${s.ports.admin}` }, { timeoutMs: 2000, explain });
const viaAgent = (s: SidecarEmulation): Promise<SidecarProbeResult> =>
  probeSidecar({ readyUrl: `http://${s.host}:${s.ports.ready}/healthz/ready`, agentUrl: `http://${s.host}:${s.ports.agent}` }, { timeoutMs: 2000 });

/** The emulated pilot-agent's last log line: the explainer must use the same words. */
function lastAgentReason(s: SidecarEmulation): string {
  return (s.log.at(-1) ?? '').replace(/^Envoy proxy is NOT ready: /, '').replace(/: cds updates.*$/, '');
}

test('a ready sidecar (against an emulation of pilot-agent and Envoy): 200 with an empty body, cause ready', async () => {
  await withSidecar({}, async (s) => {
    const r = await viaAdmin(s);
    assert.deepEqual(r.observation.readiness, { kind: 'response', status: 200, body: '' });
    assert.equal(r.explanation.ready, true);
    assert.equal(r.explanation.cause, 'ready');
    assert.deepEqual(s.log, ['Envoy proxy is ready']);
    assert.deepEqual(
      s.adminRequests.map((p) => p.split('?')[0]),
      ['/stats', '/stats'],
      'a ready probe without --explain reads nothing else',
    );
  });
});

test('no config from istiod (against an emulation): 503, "config not received from XDS server (is Istiod running?)" with the counts', async () => {
  await withSidecar({ envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3, workersStarted: 0 } }, async (s) => {
    const r = await viaAdmin(s);
    assert.deepEqual(r.observation.readiness, { kind: 'response', status: 503, body: '' });
    assert.equal(r.explanation.cause, 'no-config');
    assert.equal(r.explanation.reason, lastAgentReason(s));
    assert.equal(r.explanation.reason, 'config not received from XDS server (is Istiod running?)');
    assert.deepEqual(r.explanation.details, ['cds updates: 0 successful, 0 rejected; lds updates: 0 successful, 0 rejected']);
    assert.match(r.explanation.fix, /istiod/);
  });
});

test('config rejected (against an emulation): the counts, and the rejected listener named from the config dump', async () => {
  const rejected = [{ type: 'listener' as const, name: '0.0.0.0_8080', details: 'Error adding/updating listener(s) 0.0.0.0_8080: duplicate listener' }];
  await withSidecar({ envoyState: { cds: { success: 2, rejected: 0 }, lds: { success: 0, rejected: 3 }, serverState: 3, rejected } }, async (s) => {
    const r = await viaAdmin(s);
    assert.equal(r.explanation.cause, 'config-rejected');
    assert.equal(r.explanation.reason, lastAgentReason(s));
    assert.deepEqual(r.explanation.details, [
      'cds updates: 2 successful, 0 rejected; lds updates: 0 successful, 3 rejected',
      'rejected listener 0.0.0.0_8080: Error adding/updating listener(s) 0.0.0.0_8080: duplicate listener',
    ]);
    assert.match(r.explanation.fix, /listener 0\.0\.0\.0_8080/);
  });
});

test('config partly received (against an emulation): clusters but no listeners', async () => {
  await withSidecar({ envoyState: { cds: { success: 1, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 } }, async (s) => {
    const r = await viaAdmin(s);
    assert.equal(r.explanation.cause, 'config-partial');
    assert.equal(r.explanation.reason, lastAgentReason(s));
    assert.equal(r.explanation.reason, 'config not fully received from XDS server');
  });
});

for (const [state, name] of [
  [3, 'INITIALIZING'],
  [2, 'PRE_INITIALIZING'],
  [1, 'DRAINING'],
] as const) {
  test(`Envoy not LIVE (against an emulation): "server is not live, current state is: ${name}", /server_info agrees`, async () => {
    await withSidecar({ envoyState: { serverState: state } }, async (s) => {
      const r = await viaAdmin(s);
      assert.equal(r.explanation.cause, 'not-live');
      assert.equal(r.explanation.reason, lastAgentReason(s));
      assert.equal(r.explanation.reason, `server is not live, current state is: ${name}`);
      assert.equal(r.observation.serverState, name);
    });
  });
}

test('workers not started (against an emulation): LIVE but listener_manager.workers_started 0', async () => {
  await withSidecar({ envoyState: { workersStarted: 0 } }, async (s) => {
    const r = await viaAdmin(s);
    assert.equal(r.explanation.cause, 'workers-not-started');
    assert.equal(r.explanation.reason, lastAgentReason(s));
  });
});

test('nothing listens on 15021 (against an emulation with Envoy down): proxy-unreachable, admin not tried', async () => {
  await withSidecar({ envoy: false }, async (s) => {
    const port = await freePort();
    const r = await probeSidecar({ readyUrl: `http://127.0.0.1:${port}/healthz/ready`, adminUrl: `http://127.0.0.1:${port}` });
    assert.equal(r.observation.readiness.kind, 'refused');
    assert.equal(r.explanation.cause, 'proxy-unreachable');
    assert.match(r.explanation.reason, /nothing listens on 15021/);
    assert.equal(s.adminRequests.length, 0);
  });
});

test('pilot-agent down (against an emulation): 503 from Envoy itself, with its local-reply body, is told apart', async () => {
  await withSidecar({ agent: false }, async (s) => {
    const r = await viaAdmin(s);
    assert.equal(r.observation.readiness.kind, 'response');
    assert.equal(r.explanation.cause, 'agent-unreachable');
    assert.match(r.explanation.details[0], /upstream connect error/);
  });
});

test('cached after first success (against an emulation): once ready, later rejections and DRAINING keep 200; --explain warns', async () => {
  await withSidecar({}, async (s) => {
    assert.equal((await viaAdmin(s)).explanation.ready, true);
    s.envoy.lds.rejected = 4;
    s.envoy.lds.success = 0; // as if stats were reset: pilot-agent does not look again
    s.envoy.serverState = 1;
    const r = await viaAdmin(s, true);
    assert.equal(r.explanation.ready, true, 'pilot-agent caches both checks forever');
    assert.match(r.explanation.warnings[0], /ready, yet now config received from XDS server, but was rejected .* caches/);
    assert.equal(s.log.length, 1, 'no new "NOT ready" line');
  });
});

test('not cached before first success (against an emulation): the sidecar turns ready when config arrives', async () => {
  await withSidecar({ envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 } }, async (s) => {
    assert.equal((await viaAdmin(s)).explanation.cause, 'no-config');
    s.envoy.cds.success = 1;
    assert.equal((await viaAdmin(s)).explanation.cause, 'config-partial');
    s.envoy.lds.success = 1;
    assert.equal((await viaAdmin(s)).explanation.cause, 'not-live');
    s.envoy.serverState = 0;
    assert.equal((await viaAdmin(s)).explanation.cause, 'ready');
    assert.equal(s.log.at(-1), 'Envoy proxy is ready');
  });
});

test('termination is checked every time, even after caching (against an emulation): 503 and not-ready-other', async () => {
  await withSidecar({}, async (s) => {
    assert.equal((await viaAdmin(s)).explanation.ready, true);
    s.agent.terminated = 'received SIGTERM';
    const r = await viaAdmin(s);
    assert.equal(r.explanation.ready, false);
    assert.equal(r.explanation.cause, 'not-ready-other');
    assert.equal(s.log.at(-1), 'Envoy proxy is NOT ready: server is terminated: received SIGTERM');
  });
});

test('DNS capture without a name table (against an emulation): not ready although Envoy is fine', async () => {
  await withSidecar({ agentState: { dnsReady: false } }, async (s) => {
    const r = await viaAdmin(s);
    assert.equal(r.explanation.cause, 'not-ready-other');
    assert.match(r.explanation.fix, /DNS/);
  });
});

test("from outside the pod the causes come from pilot-agent's merged /stats/prometheus on 15020 (against an emulation)", async () => {
  const cases: [SidecarEmulationOptions, string][] = [
    [{ envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 } } }, 'no-config'],
    [{ envoyState: { lds: { success: 0, rejected: 1 } } }, 'config-rejected'],
    [{ envoyState: { lds: { success: 0, rejected: 0 } } }, 'config-partial'],
    [{ envoyState: { serverState: 3 } }, 'not-live'],
    [{ envoyState: { workersStarted: 0 } }, 'workers-not-started'],
    [{ agent: false }, 'agent-unreachable'],
    [{}, 'ready'],
  ];
  for (const [opts, cause] of cases) await withSidecar(opts, async (s) => assert.equal((await viaAgent(s)).explanation.cause, cause, JSON.stringify(opts)));
});

test('a 15021 that accepts but never answers is probe-timeout within the deadline', async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (silent.address() as { port: number }).port;
    const t0 = Date.now();
    const r = await probeSidecar({ readyUrl: `http://127.0.0.1:${port}/healthz/ready` }, { timeoutMs: 300 });
    assert.equal(r.explanation.cause, 'probe-timeout');
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    silent.close();
  }
});

test('trace prints request and response as curl -v does', async () => {
  await withSidecar({ envoyState: { workersStarted: 0 } }, async (s) => {
    const lines: string[] = [];
    await probeSidecar({ readyUrl: `http://${s.host}:${s.ports.ready}/healthz/ready` }, { trace: (l) => lines.push(l) });
    assert.equal(lines[0], `*   Trying 127.0.0.1:${s.ports.ready}...`);
    assert.ok(lines.includes('> GET /healthz/ready HTTP/1.1'));
    assert.ok(lines.includes(`> Host: 127.0.0.1:${s.ports.ready}`));
    assert.ok(lines.includes('< HTTP/1.1 503 Service Unavailable'));
    assert.ok(lines.some((l) => /^< server: envoy$/i.test(l)));
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

test("the benchmark's in-process Envoy→pilot-agent route (against an emulation) answers every cause as the loopback route does", async () => {
  const cases: SidecarEmulationOptions[] = [
    {},
    { envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 } },
    { envoyState: { lds: { success: 0, rejected: 2 }, serverState: 3 } },
    { envoyState: { serverState: 3 } },
    { envoyState: { workersStarted: 0 } },
    { agent: false },
  ];
  for (const c of cases) {
    const seen: [string, number, string][] = [];
    for (const upstream of ['loopback', 'in-process'] as const) {
      await withSidecar({ ...c, upstream }, async (s) => {
        const r = await viaAgent(s);
        const obs = r.observation.readiness;
        seen.push([r.explanation.cause, obs.kind === 'response' ? obs.status : 0, obs.kind === 'response' ? obs.body : '']);
      });
    }
    assert.deepEqual(seen[1], seen[0], JSON.stringify(c));
  }
});
