// End to end: `meshbridge server` + two `meshbridge agent`s with file inventories whose sidecars are
// emulations of pilot-agent and Envoy (test/support/istio-proxy-emulation.ts) on distinct loopback
// addresses 127.13.2.x with the pods' real ports; one not-ready sidecar per cause. `tctl x health
// --all` and `tctl x doctor` report each correctly; a workspace-scoped user sees only its own pods.
// Doctor's other checks, ✔ and ✖ with their exit codes: one root of trust across clusters (the CA
// each agent reports; a cluster bringing its own foreign CA), the CNI chain of each node an agent
// inspects (--cni-conf-dir over real conflist directories), and the load-balancer annotations of
// install CRs given with -f.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startSidecarEmulation, type SidecarEmulation, type SidecarEmulationOptions } from '../support/istio-proxy-emulation.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from '../clusters/_harness.js';
import { adminClient, ORG } from '../clusters/_config.js';
import { createRootCa, issueIntermediate } from '../../src/pki/index.js';
import { startIstiodWorkloadEmulation, type IstiodWorkloadEmulation } from '../support/istiod-workload-emulation.js';
import { stringify } from 'yaml';

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
  // c3 and c4 join at the end: every check passes on c3 (doctor exits 0); c4 brings a foreign CA.
  { cluster: 'c3', namespace: 'shop', name: 'web-3', ip: '127.13.2.21', cause: 'ready', emulation: {} },
  { cluster: 'c4', namespace: 'shop', name: 'web-4', ip: '127.13.2.31', cause: 'ready', emulation: {} },
];

const conflist = (plugins: string[]): string => JSON.stringify({ cniVersion: '1.0.0', name: 'k8s-pod-network', plugins: plugins.map((type) => ({ type })) });

/** Node CNI config directories: n1 chained (meshbridge-cni last), n2 not (Calico only), n3 chained. */
async function cniDirs(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [node, plugins] of [
    ['n1', ['calico', 'portmap', 'meshbridge-cni']],
    ['n2', ['calico', 'portmap']],
    ['n3', ['calico', 'meshbridge-cni']],
  ] as const) {
    out[node] = join(dir, 'cni', node);
    await mkdir(out[node], { recursive: true });
    await writeFile(join(out[node], '10-calico.conflist'), conflist([...plugins]));
  }
  return out;
}

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

test('server + two agents probing emulated sidecars (pilot-agent/Envoy emulations): tctl x health --all and x doctor name every cause; a workspace user sees only its pods; doctor checks one root of trust, the CNI chain of each node and the load-balancer annotations of install CRs (✔ exit 0, ✖ exit 1, bad -f exit 2)', async (t) => {
  const dir = await tempDir(t, 'mb-health-e2e-');
  await startSidecars(t);
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const cni = await cniDirs(dir);
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
        extra: [
          '--health-interval',
          '0',
          '--health-timeout',
          '500ms',
          ...(c === 'c1' ? ['--cni-conf-dir', `n1=${cni.n1}`, '--cni-conf-dir', `n2=${cni.n2}`] : []),
        ],
      }),
    );
  }
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  type Reported = { status?: string; ca?: { chainsToMeshRoot?: boolean }; cni?: { nodes: unknown[] } };
  const reported = async (c: string): Promise<Reported> => (await client.status(`${ORG}/clusters/${c}`)) as unknown as Reported;
  for (const c of ['c1', 'c2']) await until(async () => (await reported(c)).status === 'READY', `cluster ${c} READY`);
  // The agents report the cacerts meshbridge delivered, and c1 its two nodes' CNI chains.
  for (const c of ['c1', 'c2']) await until(async () => (await reported(c)).ca?.chainsToMeshRoot === true, `cluster ${c} CA reported`);
  await until(async () => (await reported('c1')).cni?.nodes.length === 2, 'c1 CNI chains reported');

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
  // Root of trust: both clusters' cacerts chain to the mesh root, one root; workloads not reported.
  assert.deepEqual(
    section('root of trust').map((c) => [c.name, c.status]),
    [
      ['cluster c1 cacerts', 'ok'],
      ['cluster c2 cacerts', 'ok'],
      ['one root across clusters', 'ok'],
      ['one root across workloads', 'warn'],
    ],
  );
  // CNI: n1 chained ✔, n2 (Calico alone) ✖ with the reason and the command for its directory.
  assert.deepEqual(
    section('CNI').map((c) => [c.name, c.status, c.detail]),
    [
      ['node n1 (cluster c1)', 'ok', '10-calico.conflist: calico → portmap → meshbridge-cni'],
      ['node n2 (cluster c1)', 'fail', 'MB1510 10-calico.conflist: calico → portmap'],
    ],
  );
  assert.equal(section('CNI')[1].cause, '10-calico.conflist has no meshbridge-cni entry: pods on this node are not captured');
  assert.match(section('CNI')[1].fix ?? '', new RegExp(`meshbridge cni install --cni-conf-dir ${cni.n2} `));
  // Without -f the install CRs are not checked: a warning naming -f.
  assert.deepEqual(
    section('load-balancer annotations').map((c) => [c.name, c.status]),
    [['install CRs', 'warn']],
  );
  assert.equal(report.verdict.failures, sidecars.length + 3, 'the pods, one line per cluster with not-ready pods, and node n2');
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

  // c3 (one ready pod, a chained node, the delivered CA) and c4 (brings its own CA, from a root
  // that is not the mesh's) join; an emulation of istiod signs two workloads in c3 and one in c4 with the
  // cluster's cacerts (test/support/istiod-workload-emulation.ts) and lists it in the inventory.
  await client.request('POST', `/v2/${ORG}/clusters`, { name: 'c4', cluster: { bringYourOwnCa: true } });
  const foreignRoot = await createRootCa({ now: new Date(), keyType: 'ec', commonName: 'Not The Mesh Root' });
  const foreign = await issueIntermediate(foreignRoot, 'c4', { now: new Date(), keyType: 'ec' });
  const own = join(dir, 'c4-own-cacerts');
  await mkdir(join(own, 'istio-system', 'Secret'), { recursive: true });
  const data = Object.fromEntries(Object.entries(foreign).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  await writeFile(
    join(own, 'istio-system', 'Secret', 'cacerts.yaml'),
    stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cacerts', namespace: 'istio-system' }, data }),
    {
      mode: 0o600,
    },
  );
  const istiods: IstiodWorkloadEmulation[] = [];
  t.after(() => istiods.forEach((e) => e.close()));
  for (const c of ['c3', 'c4']) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, ...(c === 'c4' ? [] : ['--create-cluster'])]);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    const pods = PODS.filter((p) => p.cluster === c).map(({ namespace, name, ip }) => ({ namespace, name, ip }));
    const inv: Record<string, unknown> = { namespaces: ['shop'], pods };
    if (c === 'c4')
      inv.cacerts = { 'ca-cert.pem': foreign['ca-cert.pem'], 'cert-chain.pem': foreign['cert-chain.pem'], 'root-cert.pem': foreign['root-cert.pem'] };
    await writeFile(join(dir, `${c}.inventory.json`), JSON.stringify(inv));
    istiods.push(
      startIstiodWorkloadEmulation({
        clusterSinkDir: c === 'c4' ? own : join(dir, 'gitops', c),
        inventoryFile: join(dir, `${c}.inventory.json`),
        workloads: c === 'c4' ? ['shop/web-4'] : ['shop/web-3', 'shop/api-3'],
      }),
    );
    agents.push(
      startAgent({
        cluster: c,
        jwk: join(dir, `${c}.jwk`),
        mp,
        sinkDir: join(dir, 'gitops'),
        inventory: join(dir, `${c}.inventory.json`),
        extra: ['--health-interval', '0', '--health-timeout', '500ms', ...(c === 'c3' ? ['--cni-conf-dir', `n3=${cni.n3}`] : [])],
      }),
    );
  }
  await until(async () => (await reported('c3')).ca?.chainsToMeshRoot === true && (await reported('c3')).cni?.nodes.length === 1, 'c3 reported');
  await until(async () => (await reported('c4')).ca?.chainsToMeshRoot === false, 'c4 foreign CA reported');
  await Promise.all(istiods.map((e) => e.ready()));
  type Trust = { total: number };
  await until(async () => (await client.request<Trust>('GET', `/v2/${ORG}/trust`)).total === 3, 'c3 and c4 workloads reported');

  // Install CRs: an internal AWS load balancer done right, and two done wrong.
  await writeFile(
    join(dir, 'good.yaml'),
    'apiVersion: install.tetrate.io/v1alpha1\nkind: ManagementPlane\nmetadata: {name: managementplane, namespace: tsb}\nspec:\n  components:\n    frontEnvoy:\n      kubeSpec:\n        service:\n          type: LoadBalancer\n          annotations:\n            service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n',
  );
  await writeFile(
    join(dir, 'bad.yaml'),
    'apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: {name: bookinfo-gateway, namespace: bookinfo}\nspec:\n  kubeSpec:\n    service:\n      annotations:\n        service.beta.kubernetes.io/aws-load-balancer-shceme: internal\n        service.beta.kubernetes.io/aws-load-balancer-internal: "0.0.0.0/0"\n',
  );
  await writeFile(join(dir, 'tenant.yaml'), 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata: {organization: tetrate, name: t9}\nspec: {}\n');

  // WHEN doctor looks at c3 with the sound CR: every check ✔ or ‼, exit 0
  const ok = await tctl(env, ['x', 'doctor', '--cluster', 'c3', '-f', join(dir, 'good.yaml')], '', true);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(
    ok.stdout,
    /root of trust\n-+\n✔ cluster c3 cacerts: ca-cert\.pem [0-9a-f]{16}… chains to the mesh root [0-9a-f]{16}… \(meshbridge\)\n✔ one root across clusters: 1 cluster\(s\) share root/,
  );
  assert.match(ok.stdout, /\n✔ one root across workloads: 2 workload\(s\) in 1 cluster\(s\) hold [0-9a-f]{16}… \(mesh root\)\n/);
  assert.match(ok.stdout, /CNI\n-+\n✔ node n3 \(cluster c3\): 10-calico\.conflist: calico → meshbridge-cni\n/);
  assert.match(ok.stdout, /load-balancer annotations\n-+\n✔ ManagementPlane tsb\/managementplane \(.*good\.yaml#1\): 1 service annotation\(s\) sound\n/);
  assert.match(ok.stdout, /Status check results are ✔/);

  // WHEN the misspelt key and the CIDR value are given: ✖ naming the field and the fix, exit 1
  const bad = await tctl(env, ['x', 'doctor', '--cluster', 'c3', '-f', join(dir, 'bad.yaml'), '-o', 'json'], '', true);
  assert.equal(bad.code, 1, bad.stderr);
  const lb = (JSON.parse(bad.stdout) as DoctorJson).sections.find((s) => s.title === 'load-balancer annotations')?.checks ?? [];
  assert.deepEqual(
    lb.map((c) => [c.status, c.detail]),
    [
      ['fail', 'MB2512'],
      ['fail', 'MB2511'],
    ],
  );
  assert.match(
    lb[0].cause ?? '',
    /spec\.kubeSpec\.service\.annotations\["service\.beta\.kubernetes\.io\/aws-load-balancer-shceme"\] is not an annotation .*did you mean service\.beta\.kubernetes\.io\/aws-load-balancer-scheme\?/,
  );
  assert.equal(lb[0].fix, 'Rename the key in spec.kubeSpec.service.annotations to service.beta.kubernetes.io/aws-load-balancer-scheme');
  assert.match(lb[1].cause ?? '', /is "0\.0\.0\.0\/0"; its controller accepts "true" or "false"/);

  // WHEN -f holds no install CR: bad input, exit 2, no report
  const none = await tctl(env, ['x', 'doctor', '-f', join(dir, 'tenant.yaml')], '', true);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /MB2510/);
  assert.equal(none.stdout, '');

  // WHEN the whole fleet is checked: c4's foreign CA ✖ with the server's reason, and two roots ✖
  const all4 = JSON.parse((await tctl(env, ['x', 'doctor', '-o', 'json'], '', true)).stdout) as DoctorJson;
  const trust = all4.sections.find((s) => s.title === 'root of trust')?.checks ?? [];
  assert.deepEqual(
    trust.map((c) => [c.name, c.status]),
    [
      ['cluster c1 cacerts', 'ok'],
      ['cluster c2 cacerts', 'ok'],
      ['cluster c3 cacerts', 'ok'],
      ['cluster c4 cacerts', 'fail'],
      ['one root across clusters', 'fail'],
      ['one root across workloads', 'fail'],
    ],
  );
  assert.match(trust[5].cause ?? '', /^c4 shop\/web-4: holds roots /);
  assert.equal(trust[5].fix, 'tctl x certs rootca-compare --all (outliers with the reason; --cluster NAME for one cluster)');
  assert.equal(trust[3].detail, 'MB4900, brings its own CA');
  assert.match(trust[3].cause ?? '', /does not chain to the mesh root/);
  assert.match(trust[4].cause ?? '', /^c1, c2, c3: root [0-9a-f]{16}…; c4: root [0-9a-f]{16}…$/);
});
