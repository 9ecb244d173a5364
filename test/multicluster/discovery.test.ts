// End to end: `meshbridge server` + three `meshbridge agent`s whose file inventories report
// gateways (t1: a tier-1 gateway; c1: a LoadBalancer ingress; c2: a NodePort ingress). The global
// service registry (REST and `tctl x services`) shows them; the TSB objects route t1 → c1/c2 and
// each cluster's directory sink holds exactly the cross-cluster objects it should; a gateway
// address change, a gateway going away, a gateway whose pod is not ready and a cluster deleted
// reach the registry and t1's objects. Gateway pods are probed by the agents' health prober: c1's
// is an emulation of pilot-agent/Envoy (test/support/istio-proxy-emulation.ts) on 127.17.17.1,
// c2's (127.17.17.2) has nothing listening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sinkKeys, startServer, tctl, tctlProfile, tempDir, until, type Proc } from '../clusters/_harness.js';
import { adminClient, ORG } from '../clusters/_config.js';
import { startSidecarEmulation } from '../support/istio-proxy-emulation.js';
import { gateways, HOST, routingYaml, startFleet, writeGatewayInventory } from './_setup.js';

const PASSWORD = 'mc-Admin-pass-1';

interface ServicesJson {
  services: {
    hostname: string;
    health: string;
    clusters: {
      cluster: string;
      network: string;
      region?: string;
      gateways: { addresses: string[]; ports: { port: number; nodePort?: number }[]; health: string }[];
    }[];
  }[];
}

const crossCluster = async (sink: string, c: string) => (await sinkKeys(join(sink, c))).filter((k) => k.startsWith('xcp-multicluster/'));
const endpoints = async (sink: string): Promise<string[]> => {
  const se = parse(await readFile(join(sink, 't1', 'xcp-multicluster/ServiceEntry/tier1-bookinfo.yaml'), 'utf8')) as {
    spec: { endpoints?: { address: string }[] };
  };
  return (se.spec.endpoints ?? []).map((e) => e.address).sort();
};

test('server + three agents reporting gateways (gateway pod sidecars against an emulation of pilot-agent/Envoy): the registry shows them, t1 routes to c1/c2 through xcp-multicluster objects, and address changes, lost gateways and deleted clusters follow', async (t) => {
  const dir = await tempDir(t, 'mb-mc-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  let agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sidecar = await startSidecarEmulation({ host: '127.17.17.1', ports: { ready: 15021, agent: 15020, admin: 15000 } });
  t.after(() => sidecar.close());
  const c1Pod = { namespace: 'bookinfo', name: 'bookinfo-gw-0', ip: '127.17.17.1' };
  const c2Pod = { namespace: 'bookinfo', name: 'bookinfo-gw-0', ip: '127.17.17.2' };
  // GIVEN three clusters with networks and regions whose agents report their gateways (c1's with its ready pod)
  const probe = ['--health-interval', '1s', '--health-timeout', '300ms'];
  const fleet = await startFleet(dir, mp, env, ['t1', 'c1', 'c2'], (c) =>
    c === 'c1' ? { pods: [c1Pod], gateways: [{ ...gateways('c1')[0], pods: ['bookinfo-gw-0'] }], args: probe } : { args: probe },
  );
  agents = fleet.agents;
  const { sink, inventory } = fleet;
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  for (const c of ['t1', 'c1', 'c2'])
    await until(async () => (await client.status(`${ORG}/clusters/${c}`)).status === 'READY', `cluster ${c} READY`).catch(async (e: Error) => {
      throw new Error(
        `${e.message}\n${JSON.stringify(await client.status(`${ORG}/clusters/${c}`))}\n${agents.map((a) => `${a.name}: ${a.out.slice(-1500)}${a.err.slice(-1500)}`).join('\n')}`,
      );
    });

  // THEN the registry lists the hostname with both clusters, their networks, regions, addresses and ports
  const services = async () => JSON.parse((await tctl(env, ['x', 'services', '-o', 'json'])).stdout) as ServicesJson;
  await until(async () => (await services()).services[0]?.health === 'HEALTHY', 'registry filled, c1 gateway healthy');
  const [svc] = (await services()).services;
  assert.equal(svc.hostname, HOST);
  assert.deepEqual(
    svc.clusters.map((c) => c.gateways.map((g) => g.health)),
    [['HEALTHY'], ['UNKNOWN']],
    "c1's gateway pod is reported ready; c2 lists no gateway pods: unknown, not guessed",
  );
  assert.deepEqual(
    svc.clusters.map((c) => [c.cluster, c.network, c.region, c.gateways.map((g) => [g.addresses, g.ports])]),
    [
      ['c1', 'net-a', 'eu-west1', [[['198.51.100.1'], [{ name: 'tls', port: 15443, protocol: 'TCP' }]]]],
      ['c2', 'net-b', 'us-east1', [[['203.0.113.7'], [{ name: 'tls', port: 15443, nodePort: 31443, protocol: 'TCP' }]]]],
    ],
  );
  const one = await client.request<{ fqn: string }>('GET', `/v2/organizations/tetrate/services/${HOST}`);
  assert.equal(one.fqn, `${ORG}/services/${HOST}`);
  const table = (await tctl(env, ['x', 'services', HOST])).stdout;
  assert.match(table, /^HOST\s+CLUSTER\s+NETWORK\s+GATEWAY\s+KIND\s+ADDRESSES\s+PORTS\s+HEALTH\n/);
  assert.match(table, new RegExp(`${HOST}\\s+c2\\s+net-b\\s+bookinfo-gw\\.bookinfo\\s+ingress\\s+203\\.0\\.113\\.7\\s+15443:31443\\s+UNKNOWN`));

  // WHEN the TSB objects are applied
  await writeFile(join(dir, 'routing.yaml'), routingYaml());
  await tctl(env, ['apply', '-f', join(dir, 'routing.yaml')]);
  // THEN only the tier-1 cluster holds cross-cluster objects, reaching both clusters' gateways
  const want = ['xcp-multicluster/DestinationRule/tier1-bookinfo', 'xcp-multicluster/ServiceEntry/tier1-bookinfo'];
  await until(async () => JSON.stringify(await crossCluster(sink, 't1')) === JSON.stringify(want), 't1 cross-cluster objects').catch(async (e: Error) => {
    throw new Error(
      `${e.message}\n${JSON.stringify(await sinkKeys(join(sink, 't1')))}\n${JSON.stringify(await client.status(`${ORG}/tenants/prod/workspaces/bookinfo/gatewaygroups/gw/tier1gateways/tier1`))}`,
    );
  });
  assert.deepEqual(await crossCluster(sink, 'c1'), []);
  assert.deepEqual(await crossCluster(sink, 'c2'), []);
  assert.deepEqual(await endpoints(sink), ['198.51.100.1', '203.0.113.7']);

  // WHEN c2's gateway address changes THEN the registry and t1's ServiceEntry follow
  await writeGatewayInventory(inventory('c2'), gateways('c2', '203.0.113.8'));
  await until(async () => JSON.stringify(await endpoints(sink)) === JSON.stringify(['198.51.100.1', '203.0.113.8']), 'address change in t1');
  assert.deepEqual((await services()).services[0].clusters[1].gateways[0].addresses, ['203.0.113.8']);

  // WHEN c2's gateway goes away THEN c2 leaves the registry entry and t1 routes to c1 only
  await writeGatewayInventory(inventory('c2'), []);
  await until(async () => JSON.stringify(await endpoints(sink)) === JSON.stringify(['198.51.100.1']), 'c2 gateway gone from t1');
  assert.deepEqual(
    (await services()).services[0].clusters.map((c) => c.cluster),
    ['c1'],
  );

  // WHEN c2's gateway comes back with a pod whose sidecar is not ready THEN the registry says UNHEALTHY and t1 still leaves c2 out, saying why
  await writeGatewayInventory(inventory('c2'), [{ ...gateways('c2', '203.0.113.8')[0], pods: ['bookinfo-gw-0'] }], [c2Pod]);
  await until(async () => (await services()).services[0]?.clusters[1]?.gateways[0]?.health === 'UNHEALTHY', 'c2 gateway unhealthy');
  const vsReason = async () => readFile(join(sink, 't1', 'tier1/VirtualService/tier1-bookinfo.yaml'), 'utf8');
  await until(
    async () => /c2 left out: its ingress gateway exposing bookinfo\.example\.com is not healthy/.test(await vsReason()),
    't1 says why c2 is left out',
  );
  await until(async () => JSON.stringify(await endpoints(sink)) === JSON.stringify(['198.51.100.1']), 'c2 (unhealthy) not routed to');

  // A user who may read only c2 sees only c2's gateways (the registry follows cluster READ)
  await client.request('POST', `/v2/${ORG}/users`, { name: 'alice', user: { loginName: 'alice' } });
  await client.request('PUT', `/v2/${ORG}/users/alice/password`, { password: 'alice-password-1' });
  await client.request('PUT', `/v2/${ORG}/clusters/c2/accessbindings`, { allow: [{ role: 'rbac/reader', subjects: [{ user: `${ORG}/users/alice` }] }] });
  const aliceEnv = { HOME: dir, TCTL_CONFIG: join(dir, 'alice.yaml') };
  await tctl(aliceEnv, ['config', 'clusters', 'set', 'local', '--bridge-address', mp.address, '--tls-custom-ca-file', mp.caFile]);
  await tctl(aliceEnv, ['config', 'users', 'set', 'alice', '--org', 'tetrate', '--username', 'alice', '--password', 'alice-password-1']);
  await tctl(aliceEnv, ['config', 'profiles', 'set', 'local', '--cluster', 'local', '--username', 'alice']);
  await tctl(aliceEnv, ['config', 'profiles', 'set-current', 'local']);
  const hers = JSON.parse((await tctl(aliceEnv, ['x', 'services', '-o', 'json'])).stdout) as ServicesJson;
  assert.deepEqual(
    hers.services.map((x) => [x.hostname, x.health, x.clusters.map((c) => c.cluster)]),
    [[HOST, 'UNHEALTHY', ['c2']]],
  );

  // WHEN the cluster c1 is deleted THEN it leaves the registry and t1's cross-cluster objects go (c2 is unhealthy: nothing left to route to)
  await tctl(env, ['delete', 'cluster', 'c1']);
  await until(async () => JSON.stringify((await services()).services[0]?.clusters.map((c) => c.cluster)) === '["c2"]', 'c1 gone from the registry');
  await until(async () => (await crossCluster(sink, 't1')).length === 0, 't1 cross-cluster objects removed');
  assert.match(await vsReason(), /no target cluster exposes this hostname/);
  const missing = await tctl(env, ['x', 'services', 'nothing.example.com'], '', true);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /MB1701/);
});
