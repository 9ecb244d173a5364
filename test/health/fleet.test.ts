// End to end: `meshbridge server` + two `meshbridge agent`s with file inventories whose sidecars are
// emulations of pilot-agent and Envoy (test/support/istio-proxy-emulation.ts) on distinct loopback
// addresses 127.13.2.x with the pods' real ports; one not-ready sidecar per cause. `tctl x health
// --all` and `tctl x doctor` report each correctly; a workspace-scoped user sees only its own pods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startSidecarEmulation, type SidecarEmulation, type SidecarEmulationOptions } from '../support/istio-proxy-emulation.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from '../clusters/_harness.js';
import { adminClient, ORG } from '../clusters/_config.js';

const PASSWORD = 'health-Admin-pass-1';
const ports = { ready: 15021, agent: 15020, admin: 15000 };

interface PodSpec {
  cluster: string;
  namespace: string;
  name: string;
  ip: string;
  cause: string;
  emulation?: SidecarEmulationOptions | 'none' | 'silent';
}

// One pod per cause; `none` = nothing listens (Envoy down), `silent` = accepts and never answers.
const PODS: PodSpec[] = [
  { cluster: 'c1', namespace: 'shop', name: 'web-0', ip: '127.13.2.1', cause: 'ready', emulation: {} },
  {
    cluster: 'c1',
    namespace: 'shop',
    name: 'cart-0',
    ip: '127.13.2.2',
    cause: 'no-config',
    emulation: { envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 } },
  },
  {
    cluster: 'c1',
    namespace: 'pay',
    name: 'pay-0',
    ip: '127.13.2.3',
    cause: 'config-rejected',
    emulation: { envoyState: { lds: { success: 0, rejected: 2 }, serverState: 3 } },
  },
  { cluster: 'c1', namespace: 'shop', name: 'gw-0', ip: '127.13.2.4', cause: 'proxy-unreachable', emulation: 'none' },
  { cluster: 'c1', namespace: 'pay', name: 'slow-0', ip: '127.13.2.5', cause: 'probe-timeout', emulation: 'silent' },
  { cluster: 'c2', namespace: 'shop', name: 'web-1', ip: '127.13.2.11', cause: 'ready', emulation: {} },
  {
    cluster: 'c2',
    namespace: 'pay',
    name: 'ledger-0',
    ip: '127.13.2.12',
    cause: 'config-partial',
    emulation: { envoyState: { lds: { success: 0, rejected: 0 }, serverState: 3 } },
  },
  { cluster: 'c2', namespace: 'shop', name: 'search-0', ip: '127.13.2.13', cause: 'not-live', emulation: { envoyState: { serverState: 3 } } },
  { cluster: 'c2', namespace: 'pay', name: 'risk-0', ip: '127.13.2.14', cause: 'workers-not-started', emulation: { envoyState: { workersStarted: 0 } } },
  { cluster: 'c2', namespace: 'shop', name: 'auth-0', ip: '127.13.2.15', cause: 'agent-unreachable', emulation: { agent: false } },
  { cluster: 'c2', namespace: 'pay', name: 'dns-0', ip: '127.13.2.16', cause: 'not-ready-other', emulation: { agentState: { dnsReady: false } } },
];

interface FleetJson {
  clusters: {
    cluster: string;
    scope: string;
    total: number;
    ready: number;
    notReady: { name: string; namespace: string; cause: string; reason: string; fix: string }[];
    namespaces: { namespace: string }[];
  }[];
}
interface DoctorJson {
  sections: { title: string; checks: { name: string; status: string; detail?: string; cause?: string; fix?: string }[] }[];
  verdict: { failures: number; passed: boolean };
}

async function startSidecars(t: { after(fn: () => Promise<void>): void }): Promise<void> {
  const emulations: SidecarEmulation[] = [];
  const silent: Server[] = [];
  const held = new Set<Socket>();
  t.after(async () => {
    for (const s of held) s.destroy();
    await Promise.all([...emulations.map((e) => e.close()), ...silent.map((s) => new Promise((r) => s.close(r)))]);
  });
  for (const p of PODS) {
    if (p.emulation === 'none') continue;
    if (p.emulation === 'silent') {
      const s = createServer((sock) => held.add(sock));
      await new Promise<void>((r) => s.listen(15021, p.ip, () => r()));
      silent.push(s);
      continue;
    }
    emulations.push(await startSidecarEmulation({ host: p.ip, ports, ...p.emulation }));
  }
}

test('server + two agents probing emulated sidecars (pilot-agent/Envoy emulations): tctl x health --all and x doctor name every cause; a workspace user sees only its pods', async (t) => {
  const dir = await tempDir(t, 'mb-health-e2e-');
  await startSidecars(t);
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  for (const c of ['c1', 'c2']) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster']);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    const pods = PODS.filter((p) => p.cluster === c).map(({ namespace, name, ip }) => ({ namespace, name, ip }));
    await writeFile(join(dir, `${c}.inventory.json`), JSON.stringify({ namespaces: ['shop', 'pay'], pods }));
    agents.push(
      startAgent({
        cluster: c,
        jwk: join(dir, `${c}.jwk`),
        mp,
        sinkDir: join(dir, 'gitops'),
        inventory: join(dir, `${c}.inventory.json`),
        extra: ['--health-interval', '0', '--health-timeout', '500ms'],
      }),
    );
  }
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  for (const c of ['c1', 'c2']) await until(async () => (await client.status(`${ORG}/clusters/${c}`)).status === 'READY', `cluster ${c} READY`);

  // WHEN the admin asks for the whole fleet (agents sweep now)
  const all = await tctl(env, ['x', 'health', '--all', '-o', 'json'], '', true);
  // THEN every pod is there with the cause its emulation was given; exit 1 (some not ready)
  assert.equal(all.code, 1, all.stderr);
  const fleet = JSON.parse(all.stdout) as FleetJson;
  assert.deepEqual(
    fleet.clusters.map((c) => [c.cluster, c.ready, c.total, c.scope]),
    [
      ['c1', 1, 5, 'cluster'],
      ['c2', 1, 6, 'cluster'],
    ],
  );
  const got = Object.fromEntries(fleet.clusters.flatMap((c) => c.notReady.map((p) => [p.name, p.cause])));
  assert.deepEqual(got, Object.fromEntries(PODS.filter((p) => p.cause !== 'ready').map((p) => [p.name, p.cause])));
  assert.deepEqual(
    fleet.clusters[0].notReady.map((p) => p.cause),
    ['proxy-unreachable', 'config-rejected', 'no-config', 'probe-timeout'],
    'worst first',
  );
  assert.equal(fleet.clusters[0].notReady.find((p) => p.name === 'cart-0')?.reason, 'config not received from XDS server (is Istiod running?)');

  // The table: ready/total per cluster and namespace, then the not-ready pods, then fixes.
  const table = await tctl(env, ['x', 'health', '--cluster', 'c2', '--no-sweep'], '', true);
  assert.equal(table.code, 1);
  assert.match(table.stdout, /^CLUSTER +NAMESPACE +READY +SWEPT\nc2 +\* +1\/6 /);
  assert.match(table.stdout, /\nc2 +pay +0\/3 *\nc2 +shop +1\/3 *\n/);
  assert.match(table.stdout, /Not ready \(5 of 6\), worst first:\nCLUSTER +POD +CAUSE +AGE +REASON\nc2 +auth-0\.shop +agent-unreachable /);
  assert.match(table.stdout, /\nFixes:\n {2}agent-unreachable: pilot-agent is down/);

  // REST: the cluster view needs READ on the cluster.
  const c1 = await client.request<{ total: number; notReady: unknown[] }>('GET', `/v2/${ORG}/clusters/c1/health`);
  assert.equal(c1.total, 5);

  // tctl x doctor: agents ✔, each not-ready pod ✖ with its cause and fix, exit 1.
  const doc = await tctl(env, ['x', 'doctor', '-o', 'json'], '', true);
  assert.equal(doc.code, 1, doc.stderr);
  const report = JSON.parse(doc.stdout) as DoctorJson;
  const section = (title: string) => report.sections.find((s) => s.title === title)?.checks ?? [];
  assert.deepEqual(
    section('cluster agents').map((c) => [c.name, c.status]),
    [
      ['cluster c1', 'ok'],
      ['cluster c2', 'ok'],
    ],
  );
  const sidecars = section('sidecar readiness').filter((c) => c.status === 'fail' && c.name.includes('.'));
  assert.deepEqual(Object.fromEntries(sidecars.map((c) => [c.name.split('.')[0], c.detail?.split(',')[0]])), got);
  assert.ok(
    sidecars.every((c) => c.cause && c.fix),
    'every ✖ has a cause and a fix',
  );
  assert.equal(report.verdict.failures, sidecars.length + 2, 'the pods plus one line per cluster with not-ready pods');
  const text = await tctl(env, ['x', 'doctor', '--cluster', 'c1'], '', true);
  assert.match(text.stdout, /cluster agents\n-+\n✔ cluster c1: connected, synced/);
  assert.match(
    text.stdout,
    /✖ cart-0\.shop \(cluster c1\): no-config, for \d+s\n {4}cause: config not received from XDS server \(is Istiod running\?\)\n {4}fix: {3}istiod is unreachable/,
  );
  assert.doesNotMatch(text.stdout, /cluster c2/);
  assert.match(text.stdout, /Status check results are ✖/);

  // A user who may read only workspace "shop" (namespaces */shop) sees only shop pods, in both clusters.
  await client.request('POST', `/v2/${ORG}/tenants`, { name: 'prod', tenant: {} });
  await client.request('POST', `/v2/${ORG}/tenants/prod/workspaces`, { name: 'shop', workspace: { namespaceSelector: { names: ['*/shop'] } } });
  await client.request('POST', `/v2/${ORG}/users`, { name: 'alice', user: { loginName: 'alice' } });
  await client.request('PUT', `/v2/${ORG}/users/alice/password`, { password: 'alice-password-1' });
  await client.request('PUT', `/v2/${ORG}/tenants/prod/workspaces/shop/accessbindings`, {
    allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/alice` }] }],
  });
  const aliceEnv = { HOME: dir, TCTL_CONFIG: join(dir, 'alice.yaml') };
  await tctl(aliceEnv, ['config', 'clusters', 'set', 'local', '--bridge-address', mp.address, '--tls-custom-ca-file', mp.caFile]);
  await tctl(aliceEnv, ['config', 'users', 'set', 'alice', '--org', 'tetrate', '--tenant', 'prod', '--username', 'alice', '--password', 'alice-password-1']);
  await tctl(aliceEnv, ['config', 'profiles', 'set', 'local', '--cluster', 'local', '--username', 'alice']);
  await tctl(aliceEnv, ['config', 'profiles', 'set-current', 'local']);
  const mine = JSON.parse((await tctl(aliceEnv, ['x', 'health', '--all', '-o', 'json'], '', true)).stdout) as FleetJson;
  assert.deepEqual(
    mine.clusters.map((c) => [c.cluster, c.scope, c.total, c.namespaces.map((n) => n.namespace)]),
    [
      ['c1', 'workspace', 3, ['shop']],
      ['c2', 'workspace', 3, ['shop']],
    ],
  );
  assert.ok(mine.clusters.every((c) => c.notReady.every((p) => p.namespace === 'shop')));
  const w = JSON.parse((await tctl(aliceEnv, ['x', 'health', '--all', '-w', 'shop', '-o', 'json'], '', true)).stdout) as FleetJson;
  assert.deepEqual(
    w.clusters.map((c) => c.total),
    [3, 3],
  );
  const denied = await tctl(aliceEnv, ['x', 'health', '--cluster', 'c1', '-w', 'nope', '-o', 'json'], '', true);
  assert.equal(denied.code, 2);
  const aliceDoc = JSON.parse((await tctl(aliceEnv, ['x', 'doctor', '-o', 'json'], '', true)).stdout) as DoctorJson;
  const aliceSidecars = aliceDoc.sections.find((s) => s.title === 'sidecar readiness')?.checks.filter((c) => c.name.includes('.')) ?? [];
  assert.deepEqual(aliceSidecars.map((c) => c.name.split(' ')[0]).sort(), ['auth-0.shop', 'cart-0.shop', 'gw-0.shop', 'search-0.shop']);
});
