// Issue #17 (Route) end to end: a real server and four real agents (directory sinks, file
// inventories that report gateways); networks and regions from the Cluster resources; the TSB
// configuration applied with tctl. Each cluster's sink must hold the cross-cluster objects of the
// unit goldens (src/translate/multicluster/goldens-cases.test-data.ts), and a gateway that goes
// away must leave the tier-1's routes, with the status naming the cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from './_harness.js';
import { adminClient } from './_config.js';
import { canonical } from '../../src/api/index.js';
import type { ClusterInfo, ConfigResource } from '../../src/translate/index.js';
import { ORG, T1, base, mesh, type Golden } from '../../src/translate/multicluster/goldens.test-data.js';
import { GOLDENS } from '../../src/translate/multicluster/goldens-cases.test-data.js';

const PASSWORD = 'e2e-Admin-pass-1';
const KEYS: Record<string, string> = { organizations: 'organization', tenants: 'tenant', workspaces: 'workspace', gatewaygroups: 'group' };

function yamlOf(rs: readonly ConfigResource[]): string {
  return rs
    .map((r) => {
      const parts = r.fqn.split('/');
      const metadata: Record<string, string> = { name: r.name };
      for (let i = 0; i + 3 < parts.length; i += 2) if (KEYS[parts[i]]) metadata[KEYS[parts[i]]] = parts[i + 1];
      return stringify({ apiVersion: r.apiVersion, kind: r.kind, metadata, spec: r.spec });
    })
    .join('---\n');
}

function inventory(c: ClusterInfo): string {
  return JSON.stringify({
    namespaces: c.namespaces,
    services: c.services ?? [],
    gateways: (c.gateways ?? []).map((g) => ({
      namespace: g.namespace,
      name: g.name,
      kind: g.kind,
      addresses: g.addresses,
      ports: g.ports,
      hostnames: g.hostnames,
    })),
  });
}

const byName = (prefix: string): Golden => GOLDENS.find((g) => g.name.startsWith(prefix)) as Golden;

test('server + four agents reporting gateways: tier-1 weighted routing and east-west failover land in each sink as the goldens; a gateway that goes away leaves the routes and the status names its cluster', async (t) => {
  const dir = await tempDir(t, 'mb-cross-cluster-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'sink');
  // GIVEN t1, c1, c2, c3 whose agents report the goldens' namespaces, services and gateways.
  for (const c of mesh()) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c.name, '--create-cluster']);
    await writeFile(join(dir, `${c.name}.jwk`), jwk.stdout);
    await writeFile(join(dir, `${c.name}.inventory.json`), inventory(c));
    agents.push(startAgent({ cluster: c.name, jwk: join(dir, `${c.name}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c.name}.inventory.json`) }));
  }
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  for (const c of mesh()) await until(async () => (await client.status(`${ORG}/clusters/${c.name}`)).status === 'READY', `cluster ${c.name} READY`);
  // The Clusters' networks and regions, then the tenant, workspaces and groups.
  const tree = base().filter((r) => r.kind !== 'Organization');
  await writeFile(join(dir, 'base.yaml'), yamlOf(tree));
  const applied = await tctl(env, ['apply', '-f', join(dir, 'base.yaml')]);
  assert.equal(applied.stderr, '', 'Cluster network and locality are translated: no warning');

  const specIn = async (cluster: string, key: string): Promise<unknown> => {
    if (!(await sinkKeys(join(sink, cluster))).includes(key)) return undefined;
    return (parse(await readObject(join(sink, cluster), key)) as { spec: unknown }).spec;
  };
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  const expectGolden = async (g: Golden): Promise<void> => {
    await writeFile(join(dir, 'case.yaml'), yamlOf(g.given));
    // WHEN the golden's resources are applied with tctl
    const out = await tctl(env, ['apply', '-f', join(dir, 'case.yaml')]);
    assert.equal(out.stderr, '', `${g.name}: no warning`);
    // THEN the cluster's sink holds the golden's objects, spec for spec, and not the absent ones
    for (const [key, spec] of Object.entries(g.then)) await until(async () => same(await specIn(g.cluster, key), spec), `${g.name}: ${g.cluster} ${key}`);
    for (const key of g.absent ?? []) assert.equal((await sinkKeys(join(sink, g.cluster))).includes(key), false, `${g.name}: ${key} absent`);
    // and exactly the golden's cross-cluster objects: nothing more in xcp-multicluster
    const xcp = (keys: readonly string[]): string[] => keys.filter((k) => k.startsWith('xcp-multicluster/')).sort();
    await until(
      async () => JSON.stringify(xcp(await sinkKeys(join(sink, g.cluster)))) === JSON.stringify(xcp(g.exactly)),
      `${g.name}: ${g.cluster} holds exactly ${xcp(g.exactly).join(', ')}`,
    );
  };

  await expectGolden(byName('Tier1Gateway to two clusters with weights'));
  await until(async () => (await client.status(T1)).status === 'READY', 'tier-1 READY: every named cluster routed');
  await expectGolden(byName('east-west, consumer c2'));
  // The tier-1 cluster runs no bookinfo service: it receives the east-west ServiceEntries too
  // (same network as c1; net-a may reach net-b), but nothing of the tier-1 lands anywhere else.
  await until(async () => (await specIn('t1', 'xcp-multicluster/ServiceEntry/details-bookinfo')) !== undefined, 't1 sees details through east-west');
  for (const c of ['c1', 'c2', 'c3'])
    assert.equal((await sinkKeys(join(sink, c))).includes('xcp-multicluster/ServiceEntry/tier1-bookinfo'), false, `${c}: no tier-1 object`);

  // WHEN c2's ingress gateway goes away from its agent's report
  const c2 = mesh().find((c) => c.name === 'c2') as ClusterInfo;
  await writeFile(join(dir, 'c2.inventory.json'), inventory({ ...c2, gateways: (c2.gateways ?? []).filter((g) => g.kind !== 'ingress') }));
  // THEN the tier-1 routes everything to c1, its ServiceEntry holds c1's gateway only, and the status names c2.
  const lost = byName('a cluster losing its gateway');
  for (const [key, spec] of Object.entries(lost.then)) await until(async () => same(await specIn('t1', key), spec), `after c2 lost its gateway: ${key}`);
  await until(async () => (await client.status(T1)).status === 'PARTIAL', 'tier-1 PARTIAL');
  const st = (await client.status(T1)) as unknown as { events: { field: string; code: string; message: string }[] };
  assert.deepEqual(
    st.events.map((e) => [e.field, e.code]),
    [['spec.externalServers[0].clusters[1].name', 'MB3750']],
  );
  assert.match(st.events[0].message, /c2 left out: it reports no ingress gateway exposing bookinfo\.example\.com/);
  await Promise.all(agents.map((a) => a.stop()));
});
