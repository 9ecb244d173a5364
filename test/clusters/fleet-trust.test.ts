// End to end: the fleet's workload trust (issue #16) through a real server, real agents on
// directory sinks and file inventories, and an emulation of istiod and its workloads (istiod and
// Envoy cannot run here) that signs workload certificates from the cacerts each agent applied; the
// chains are checked pairwise with the real `openssl verify` Envoy's TLS stands for, and the fleet
// view is read over REST and with `tctl x certs rootca-compare --all`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FleetTrustView } from '../../src/api/index.js';
import { MeshClient } from '../../src/client/index.js';
import { createRootCa, issueIntermediate } from '../../src/pki/index.js';
import { opensslVerifyPair, startIstiodWorkloadEmulation, type IstiodWorkloadEmulation } from '../support/istiod-workload-emulation.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from './_harness.js';
import { ORG, adminClient } from './_config.js';

const PASSWORD = 'e2e-Admin-pass-1';
const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

const WORKLOADS: Record<string, string[]> = { c1: ['shop/web-0', 'shop/web-1'], c2: ['shop/web-0', 'pay/pay-0'], c3: ['edge/gw-0'] };

test("against an emulation of istiod and its workloads: agents report every workload's roots and chain; the fleet view groups them by root set, names the cluster with a foreign CA as outlier, and follows an intermediate rotation; openssl verifies every pair that shares the root", async (t) => {
  const dir = await tempDir(t, 'mb-fleet-trust-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  const emus: Record<string, IstiodWorkloadEmulation> = {};
  t.after(async () => {
    for (const e of Object.values(emus)) e.close();
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  // GIVEN c1 and c2 with meshbridge's CA, and c3 bringing its own CA from a root that is not the mesh's
  await client.request('POST', `/v2/${ORG}/clusters`, { name: 'c3', cluster: { bringYourOwnCa: true } });
  const foreignRoot = await createRootCa({ now: new Date(), keyType: 'ec', commonName: 'Not The Mesh Root' });
  const foreign = await issueIntermediate(foreignRoot, 'c3', { now: new Date(), keyType: 'ec' });
  const own = join(dir, 'c3-own-cacerts');
  await mkdir(join(own, 'istio-system', 'Secret'), { recursive: true });
  const data = Object.fromEntries(Object.entries(foreign).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  await writeFile(
    join(own, 'istio-system', 'Secret', 'cacerts.yaml'),
    stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cacerts', namespace: 'istio-system' }, data }),
    { mode: 0o600 },
  );
  const sink = join(dir, 'gitops');
  for (const c of ['c1', 'c2', 'c3']) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, ...(c === 'c3' ? [] : ['--create-cluster'])]);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    const inventory = join(dir, `${c}.inventory.yaml`);
    await writeFile(inventory, stringify({ namespaces: ['shop'] }));
    emus[c] = startIstiodWorkloadEmulation({ clusterSinkDir: c === 'c3' ? own : join(sink, c), inventoryFile: inventory, workloads: WORKLOADS[c] });
    agents.push(startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory }));
  }
  const meshRoot = String((await client.request<Record<string, unknown>>('GET', '/v2/cas/root')).rootCertPem);
  const MESH = sha(meshRoot);
  const FOREIGN = sha(foreignRoot.certPem);
  for (const c of ['c1', 'c2', 'c3']) await emus[c].ready();
  const fleet = (q: Record<string, string> = {}): Promise<FleetTrustView> => client.request<FleetTrustView>('GET', `/v2/${ORG}/trust`, undefined, { query: q });
  await until(async () => (await fleet()).total === 5, 'all five workloads reported');

  // THEN the view holds each cluster's workloads with the root they hold and chain to
  const v = await fleet();
  assert.deepEqual(
    v.clusters.map((c) => [c.cluster, c.total, c.roots.map((r) => [r.sha256, r.holding, r.chainsTo]), c.chainsToNone, c.agentConnected]),
    [
      ['c1', 2, [[MESH, 2, 2]], 0, true],
      ['c2', 2, [[MESH, 2, 2]], 0, true],
      ['c3', 1, [[FOREIGN, 1, 1]], 0, true],
    ],
  );
  assert.deepEqual(
    v.clusters[0].groups[0].workloads.map((w) => [w.namespace, w.name, w.leafSha256]),
    WORKLOADS.c1.map((k) => [...k.split('/'), sha(emus.c1.workload(k).leaf)]),
  );
  // AND root sets across the fleet: the mesh root's 4 workloads, then c3's outlier, named with why
  assert.deepEqual(
    v.rootSets.map((s) => [s.rootSha256, s.total, s.clusters]),
    [
      [
        [MESH],
        4,
        [
          { cluster: 'c1', count: 2 },
          { cluster: 'c2', count: 2 },
        ],
      ],
      [[FOREIGN], 1, [{ cluster: 'c3', count: 1 }]],
    ],
  );
  assert.deepEqual(
    v.outliers.map((o) => [o.cluster, o.namespace, o.name]),
    [['c3', 'edge', 'gw-0']],
  );
  assert.match(v.outliers[0].reason, new RegExp(`holds roots ${FOREIGN.slice(0, 12)}, the fleet's majority ${MESH.slice(0, 12)}`));
  assert.equal(v.roots.find((r) => r.sha256 === MESH)?.label, 'mesh root');

  // AND openssl accepts every pair of c1/c2 workloads and refuses c3's chain with a mesh bundle
  const meshWorkloads = [...emus.c1.workloads(), ...emus.c2.workloads()];
  for (const a of meshWorkloads)
    for (const b of meshWorkloads) {
      const r = await opensslVerifyPair(dir, a, b);
      assert.ok(r.ok, `${a.namespace}/${a.name} accepts ${b.namespace}/${b.name}: ${r.out}`);
    }
  const refused = await opensslVerifyPair(dir, emus.c1.workload('shop/web-0'), emus.c3.workload('edge/gw-0'));
  assert.equal(refused.ok, false);
  assert.match(refused.out, /error 19 at 2 depth lookup: self-signed certificate in certificate chain/);

  // AND tctl shows the same, exit 1 because of the outlier; one cluster alone agrees (exit 0)
  const all = await tctl(env, ['x', 'certs', 'rootca-compare', '--all'], '', true);
  assert.equal(all.code, 1, all.stderr);
  assert.match(all.stdout, /^CLUSTER\s+WORKLOADS\s+ROOTS HELD \(workloads\)\s+CHAINS TO \(workloads\)\s+AGENT$/m);
  assert.match(all.stdout, new RegExp(`^c1\\s+2\\s+${MESH.slice(0, 16)}… \\(mesh root\\) 2\\s+${MESH.slice(0, 16)}… \\(mesh root\\) 2\\s+connected$`, 'm'));
  assert.match(all.stdout, /Group 1: 4 workload\(s\) holding 1 root\(s\)[\s\S]*clusters: c1 2, c2 2/);
  assert.match(all.stdout, /Outliers:\n\s+CLUSTER\s+WORKLOAD\s+WHY\n\s+c3\s+gw-0\.edge\s+holds roots/);
  const one = await tctl(env, ['x', 'certs', 'rootca-compare', '--all', '--cluster', 'c1', '-o', 'yaml']);
  const y = parse(one.stdout) as FleetTrustView;
  assert.deepEqual([y.total, y.clusters.map((c) => c.cluster), y.outliers], [2, ['c1'], []]);
  const bad = await tctl(env, ['x', 'certs', 'rootca-compare', '--all', '--from', 'abc', '--to', MESH], '', true);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /from: "abc" is not a SHA-256 fingerprint \[MB4943\]/);

  // AND a reader of workspace shop (namespaces */shop) sees only shop workloads; a reader of c2 all
  // of c2; a user with no binding nothing
  await client.request('POST', `/v2/${ORG}/tenants`, { name: 'prod', tenant: {} });
  await client.request('POST', `/v2/${ORG}/tenants/prod/workspaces`, { name: 'shop', workspace: { namespaceSelector: { names: ['*/shop'] } } });
  for (const u of ['alice', 'bob', 'carol']) {
    await client.request('POST', `/v2/${ORG}/users`, { name: u, user: { loginName: u } });
    await client.request('PUT', `/v2/${ORG}/users/${u}/password`, { password: `${u}-password-1` });
  }
  await client.request('PUT', `/v2/${ORG}/tenants/prod/workspaces/shop/accessbindings`, {
    allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/alice` }] }],
  });
  await client.request('PUT', `/v2/${ORG}/clusters/c2/accessbindings`, { allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/bob` }] }] });
  const as = async (u: string, q: Record<string, string> = {}): Promise<FleetTrustView> =>
    new MeshClient({
      address: mp.address,
      ca: await readFile(mp.caFile, 'utf8'),
      credentials: { username: u, password: `${u}-password-1` },
    }).request<FleetTrustView>('GET', `/v2/${ORG}/trust`, undefined, { query: q });
  const names = (f: FleetTrustView) =>
    f.clusters.map((c) => [c.cluster, c.scope, c.groups.flatMap((g) => g.workloads.map((w) => `${w.namespace}/${w.name}`)).sort()]);
  assert.deepEqual(names(await as('alice')), [
    ['c1', 'workspace', ['shop/web-0', 'shop/web-1']],
    ['c2', 'workspace', ['shop/web-0']],
  ]);
  assert.deepEqual(names(await as('alice', { workspace: 'tenants/prod/workspaces/shop', cluster: 'c2' })), [['c2', 'workspace', ['shop/web-0']]]);
  assert.deepEqual(names(await as('bob')), [['c2', 'cluster', ['pay/pay-0', 'shop/web-0']]]);
  assert.deepEqual(names(await as('carol')), []);

  // WHEN c1's intermediate is rotated, THEN istiod (emulated) reloads it, re-signs its workloads,
  // and the view shows c1 on a new intermediate still chaining to the mesh root
  const before = v.clusters[0].groups[0].intermediateSha256;
  await client.request('POST', `/v2/${ORG}/clusters/c1/cacerts/rotate`, {});
  await until(
    async () => {
      const c1 = (await fleet({ cluster: 'c1' })).clusters[0];
      return c1.groups.length === 1 && c1.groups[0].intermediateSha256[0] !== before[0] && c1.groups[0].chainRootSha256 === MESH;
    },
    'c1 workloads on the rotated intermediate',
    40_000,
  );
  const rotated = await fleet({ from: MESH, to: FOREIGN });
  assert.deepEqual(
    rotated.clusters.map(
      (c) => c.rotation && [c.cluster, c.rotation.oldOnly, c.rotation.both, c.rotation.newOnly, c.rotation.chainsToOld, c.rotation.chainsToNew],
    ),
    [
      ['c1', 2, 0, 0, 2, 0],
      ['c2', 2, 0, 0, 2, 0],
      ['c3', 0, 0, 1, 0, 1],
    ],
  );
  const afterRotation = [...emus.c1.workloads(), ...emus.c2.workloads()];
  for (const a of afterRotation)
    for (const b of afterRotation) {
      const r = await opensslVerifyPair(dir, a, b);
      assert.ok(r.ok, `after c1's rotation ${a.namespace}/${a.name} accepts ${b.namespace}/${b.name}: ${r.out}`);
    }
});
