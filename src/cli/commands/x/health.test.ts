// tctl x health for one sidecar: by URL, and by POD through @kubernetes/client-node's PortForward
// against an emulation of the Kubernetes API's portforward subresource, reaching an emulation of
// pilot-agent and Envoy (both test code under test/support).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startSidecarEmulation, type SidecarEmulation, type SidecarEmulationOptions } from '../../../../test/support/istio-proxy-emulation.js';
import { startKubePortForwardEmulation, type KubePortForwardEmulation } from '../../../../test/support/kube-portforward-emulation.js';
import { runCli } from '../../../command/index.js';
import { healthCommand } from './health.js';
import { memoryIo } from '../../../command/memory-io.test-support.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function tctl(args: string[]): Promise<Run> {
  const { io, out: outText, err: errText } = memoryIo(process.cwd());
  const code = await runCli('tctl', ['x', 'health', ...args], io, [{ path: ['x', 'health'], summary: '', load: async () => ({ default: healthCommand() }) }]);
  return { code, out: outText(), err: errText() };
}

async function withPod(
  opts: SidecarEmulationOptions,
  fn: (kubeconfig: string, api: KubePortForwardEmulation, s: SidecarEmulation) => Promise<void>,
): Promise<void> {
  const s = await startSidecarEmulation(opts);
  const api = await startKubePortForwardEmulation([{ namespace: 'shop', name: 'web-0', ip: '127.0.0.1' }]);
  api.portMap.set('shop/web-0/15021', s.ports.ready || 1);
  api.portMap.set('shop/web-0/15000', s.ports.admin || 1);
  api.portMap.set('shop/web-0/15020', s.ports.agent || 1);
  const dir = mkdtempSync(join(tmpdir(), 'mb-health-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'emu', cluster: { server: api.server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: api.token } }],
      contexts: [
        { name: 'emu', context: { cluster: 'emu', user: 'u' } },
        { name: 'other', context: { cluster: 'emu', user: 'u' } },
      ],
      'current-context': 'other',
    }),
  );
  try {
    await fn(kubeconfig, api, s);
  } finally {
    await api.close();
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('tctl x health POD.NS (port-forward against an emulation of the portforward subresource): ready → exit 0', async () => {
  await withPod({}, async (kubeconfig, api) => {
    const r = await tctl(['web-0.shop', '--kubeconfig', kubeconfig, '--context', 'emu']);
    assert.equal(r.err, '');
    assert.equal(r.out, 'web-0.shop: READY (HTTP 200)\n');
    assert.equal(r.code, 0);
    assert.ok(api.requests.includes('/api/v1/namespaces/shop/pods/web-0/portforward?ports=15021'));
  });
});

test('tctl x health POD -n NS (against emulations): config rejected → exit 1 with counts, the rejected listener and the fix', async () => {
  const rejected = [{ type: 'listener' as const, name: '0.0.0.0_9080', details: 'duplicate listener' }];
  await withPod({ envoyState: { lds: { success: 0, rejected: 2 }, serverState: 3, rejected } }, async (kubeconfig, api) => {
    const r = await tctl(['web-0', '-n', 'shop', '--kubeconfig', kubeconfig, '--context', 'emu', '-o', 'json']);
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out) as { ready: boolean; cause: string; details: string[]; fix: string };
    assert.equal(j.cause, 'config-rejected');
    assert.deepEqual(j.details, [
      'cds updates: 1 successful, 0 rejected; lds updates: 0 successful, 2 rejected',
      'rejected listener 0.0.0.0_9080: duplicate listener',
    ]);
    assert.ok(
      api.requests.some((p) => p.endsWith('/portforward?ports=15000')),
      'stats read through the same API',
    );
  });
});

test('tctl x health POD (against emulations): Envoy down in the pod → "nothing listens on 15021", exit 2', async () => {
  await withPod({ envoy: false }, async (kubeconfig) => {
    const r = await tctl(['web-0.shop', '--kubeconfig', kubeconfig, '--context', 'emu']);
    assert.equal(r.code, 2);
    assert.match(r.out, /^web-0\.shop: NOT READY\n {2}cause: {3}proxy-unreachable — nothing listens on 15021/);
  });
});

test('tctl x health POD that the API does not know (emulated API answers 404) → MB2501 naming the pod, exit 2', async () => {
  await withPod({}, async (kubeconfig) => {
    const r = await tctl(['ghost.shop', '--kubeconfig', kubeconfig, '--context', 'emu']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /pod shop\/ghost: cannot port-forward to 15021 .*\[MB2501\]/);
  });
});

test('tctl x health --context that the kubeconfig lacks → MB2502 listing the contexts, exit 2', async () => {
  await withPod({}, async (kubeconfig) => {
    const r = await tctl(['web-0.shop', '--kubeconfig', kubeconfig, '--context', 'prod']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--context prod: not in the kubeconfig \(it has: emu, other\) \[MB2502\]/);
  });
});

test('tctl x health POD --app CONTAINER checks the rewritten probes on 15020 (against emulations)', async () => {
  const appSrv = await startSidecarEmulation({ agent: false }); // any HTTP server: its admin /ready is the "app"
  try {
    await withPod(
      {
        agentState: {
          appProbers: {
            '/app-health/web/readyz': { httpGet: { path: '/ready', port: appSrv.ports.admin } },
            '/app-health/web/livez': { httpGet: { path: '/nope', port: appSrv.ports.admin } },
          },
        },
      },
      async (kubeconfig) => {
        const r = await tctl(['web-0.shop', '--kubeconfig', kubeconfig, '--context', 'emu', '--app', 'web']);
        assert.equal(r.code, 1);
        assert.match(r.out, /app web: readyz 200, livez 404 → FAILING/);
      },
    );
  } finally {
    await appSrv.close();
  }
});

test("tctl x health URL -v prints curl -v lines on stderr; every cause from pilot-agent's 15020 (against an emulation)", async () => {
  const s = await startSidecarEmulation({ envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 } } });
  try {
    const r = await tctl([`http://127.0.0.1:${s.ports.ready}/healthz/ready`, '-v', '--agent-url', `http://127.0.0.1:${s.ports.agent}`]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^\* {3}Trying 127\.0\.0\.1:\d+\.\.\.\n/);
    assert.match(r.err, /\n> GET \/healthz\/ready HTTP\/1\.1\n> Host: 127\.0\.0\.1:\d+\n/);
    assert.match(r.err, /\n< HTTP\/1\.1 503 Service Unavailable\n/);
    assert.match(r.out, /cause: {3}no-config — config not received from XDS server \(is Istiod running\?\)/);
  } finally {
    await s.close();
  }
});

test('bad input is exit 2 with the field named: no target, a bad URL, -n with a URL, a bad -o', async () => {
  assert.match((await tctl([])).err, /no target given \[MB2500\]/);
  assert.match((await tctl(['https://x:15021'])).err, /use http:\/\/ \[MB2500\]/);
  assert.match((await tctl(['Web_0'])).err, /Web_0: not a pod name/);
  assert.match((await tctl(['http://127.0.0.1:15021', '-n', 'shop'])).err, /apply to a POD, not to a URL \[MB2503\]/);
  assert.match((await tctl(['web-0', '-o', 'xml'])).err, /-o\/--output-type: "xml"/);
  for (const a of [[], ['https://x'], ['Web_0'], ['web-0', '--timeout', '5y']]) assert.equal((await tctl(a)).code, 2, a.join(' '));
});
