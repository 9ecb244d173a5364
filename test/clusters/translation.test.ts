// Issue #18 end to end: a real server, two real agents (directory sinks, file inventories that
// report istiod's trust domain), configuration applied with tctl. The objects in each cluster's
// sink must equal the unit goldens (src/translate/goldens.test-data.ts) field for field, and
// fields that are not translated must show PARTIAL with the field named (and a tctl warning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from './_harness.js';
import { adminClient } from './_config.js';
import { CLUSTERS, GOLDENS, ORG, SEC, base, res, type Golden } from '../../src/translate/goldens.test-data.js';
import type { ConfigResource } from '../../src/translate/index.js';

const PASSWORD = 'e2e-Admin-pass-1';

/** A stored resource as the YAML `tctl apply` takes: ancestors from its FQN into metadata. */
function manifest(r: ConfigResource): Record<string, unknown> {
  const parts = r.fqn.split('/');
  const metadata: Record<string, string> = { name: r.name };
  const keys: Record<string, string> = {
    organizations: 'organization',
    tenants: 'tenant',
    workspaces: 'workspace',
    securitygroups: 'group',
    trafficgroups: 'group',
    gatewaygroups: 'group',
    istiointernalgroups: 'group',
  };
  for (let i = 0; i + 3 < parts.length; i += 2) if (keys[parts[i]]) metadata[keys[parts[i]]] = parts[i + 1];
  return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: r.spec };
}

function yamlOf(rs: readonly ConfigResource[]): string {
  return rs.map((r) => stringify(manifest(r))).join('---\n');
}

async function specIn(sink: string, cluster: string, key: string): Promise<unknown> {
  if (!(await sinkKeys(join(sink, cluster))).includes(key)) return undefined;
  return (parse(await readObject(join(sink, cluster), key)) as { spec: unknown }).spec;
}

const byName = (prefix: string): Golden => GOLDENS.find((g) => g.name.startsWith(prefix)) as Golden;

test('server + two agents (file inventories reporting trust domains): each authorization mode and a TrafficSetting with retries and timeouts land in the sinks exactly as the goldens; unsupported fields show PARTIAL with the field named', async (t) => {
  const dir = await tempDir(t, 'mb-translation-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'sink');
  // GIVEN two clusters whose agents report the goldens' inventories and trust domains.
  for (const c of CLUSTERS) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c.name, '--create-cluster']);
    await writeFile(join(dir, `${c.name}.jwk`), jwk.stdout);
    const inventory = {
      namespaces: c.namespaces,
      services: (c.services ?? []).map((s) => ({ namespace: s.namespace, name: s.name, ports: [{ name: 'http', port: 80 }] })),
      trustDomain: c.trustDomain,
    };
    await writeFile(join(dir, `${c.name}.inventory.json`), JSON.stringify(inventory));
    agents.push(startAgent({ cluster: c.name, jwk: join(dir, `${c.name}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c.name}.inventory.json`) }));
  }
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  for (const c of CLUSTERS) await until(async () => (await client.status(`${ORG}/clusters/${c.name}`)).status === 'READY', `cluster ${c.name} READY`);
  const tree = base().filter((r) => r.kind !== 'Organization' && r.kind !== 'Cluster');
  await writeFile(join(dir, 'base.yaml'), yamlOf(tree));
  await tctl(env, ['apply', '-f', join(dir, 'base.yaml')]);

  const expectGolden = async (g: Golden): Promise<void> => {
    const extra = g.given.filter((r) => !tree.some((x) => x.fqn === r.fqn));
    await writeFile(join(dir, 'case.yaml'), yamlOf(extra));
    // WHEN the golden's resources are applied with tctl
    const applied = await tctl(env, ['apply', '-f', join(dir, 'case.yaml')]);
    assert.equal(applied.stderr, '', `${g.name}: no warning for fully translated fields`);
    // THEN the cluster's sink holds the golden objects, spec for spec
    for (const [key, spec] of Object.entries(g.then)) {
      await until(async () => JSON.stringify(await specIn(sink, g.cluster, key)) === JSON.stringify(spec), `${g.name}: ${g.cluster} ${key}`);
    }
    // The sink writes a snapshot's upserts before its removes: wait for the removal (it must come).
    for (const key of g.absent ?? []) await until(async () => !(await sinkKeys(join(sink, g.cluster))).includes(key), `${g.name}: ${key} absent`);
    for (const r of extra.filter((x) => /Setting$/.test(x.kind))) await until(async () => (await client.status(r.fqn)).status === 'READY', `${r.fqn} READY`);
  };

  // A SecuritySetting per authorization mode (the same resource, replaced), then the traffic goldens.
  for (const prefix of [
    'NAMESPACE authorization',
    'GROUP authorization',
    'WORKSPACE authorization',
    'CLUSTER authorization uses',
    'CUSTOM authorization allows',
    'RULES resolve',
    'JWT rules',
    'external authorization',
  ]) {
    await expectGolden(byName(prefix));
  }
  await expectGolden(byName('older resilience'));
  await expectGolden(byName('outbound.upstreamTrafficSettings'));
  // Resilience fields beyond retries and timeouts, and one VirtualService where a ServiceRoute meets them.
  await expectGolden(byName('consistent-hash load balancing'));
  await expectGolden(byName('custom outlier detection'));
  await expectGolden(byName("a ServiceRoute and a TrafficSetting's retries"));
  // The other cluster got the mesh-wide view too: GROUP in c2 names bookinfo and reviews.
  await tctl(
    env,
    ['apply', '-f', '-'],
    yamlOf([res(`${SEC}/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', { authorization: { mode: 'GROUP' } })]),
  );
  await until(
    async () =>
      JSON.stringify(await specIn(sink, 'c2', 'reviews/AuthorizationPolicy/sec-default')) ===
      JSON.stringify({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['bookinfo', 'reviews'] } }] }] }),
    'GROUP in c2',
  );

  // WHEN a field that is not translated is applied THEN tctl warns, the status is PARTIAL naming
  // it, and (a security field) the workloads are denied rather than left open.
  const waf = res(`${SEC}/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', {
    authorization: { mode: 'GROUP' },
    waf: { rules: ['SecRuleEngine On'] },
  });
  const warned = await tctl(env, ['apply', '-f', '-'], yamlOf([waf]));
  assert.match(warned.stderr, /Warning: .*securitygroups\/sec\/settings\/default: spec\.waf is not translated: .* \[MB3012\]/);
  await until(
    async () =>
      JSON.stringify(await specIn(sink, 'c1', 'bookinfo/AuthorizationPolicy/sec-default-fail-closed')) === JSON.stringify({ action: 'DENY', rules: [{}] }),
    'fail-closed DENY in c1',
  );
  await until(async () => (await client.status(waf.fqn)).status === 'PARTIAL', 'waf PARTIAL');
  const st = (await client.status(waf.fqn)) as unknown as { lastEvent: string; message: string; events: { field: string; code: string }[] };
  assert.equal(st.lastEvent, 'TRANSLATION_FAIL_CLOSED');
  assert.deepEqual(
    st.events.map((e) => [e.field, e.code]),
    [['spec.waf', 'MB3012']],
  );
  assert.match(st.message, /not translated: spec\.waf \[MB3012\]/);

  // Cluster network and locality are read (the mesh view, issue #17); a namespace scope is not:
  // accepted, warned, PARTIAL naming that field only.
  const c2 = res(`${ORG}/clusters/c2`, 'api.tsb.tetrate.io/v2', 'Cluster', {
    network: 'west',
    locality: { region: 'eu-west1' },
    namespaceScope: { scope: 'INCLUDED', namespaces: ['bookinfo'] },
  });
  const net = await tctl(env, ['apply', '-f', '-'], yamlOf([c2]));
  assert.match(net.stderr, /Warning: organizations\/tetrate\/clusters\/c2: spec\.namespaceScope is not translated: .* \[MB3011\]/);
  assert.doesNotMatch(net.stderr, /spec\.network|spec\.locality/);
  await until(async () => (await client.status(c2.fqn)).status === 'PARTIAL', 'cluster namespaceScope PARTIAL');
  assert.deepEqual(
    ((await client.status(c2.fqn)) as unknown as { events: { field: string }[] }).events.map((e) => e.field),
    ['spec.namespaceScope'],
  );

  // A Tier1Gateway naming a cluster that does not exist: not weighted, and the status names it.
  const t1 = byName('Tier1Gateway');
  await writeFile(join(dir, 't1.yaml'), yamlOf(t1.given));
  await tctl(env, ['apply', '-f', join(dir, 't1.yaml')]);
  await until(
    async () => JSON.stringify(await specIn(sink, 'c1', 'bookinfo/VirtualService/t1-a')) === JSON.stringify(t1.then['bookinfo/VirtualService/t1-a']),
    'tier1 not weighted to ghost',
  );
  await until(async () => (await client.status(t1.given[0].fqn)).status === 'PARTIAL', 'tier1 PARTIAL');
  const t1st = (await client.status(t1.given[0].fqn)) as unknown as { events: { field: string; code: string }[] };
  assert.deepEqual(
    t1st.events.map((e) => [e.field, e.code]),
    [
      // Cross-cluster routing (#17): c2 is on network west, which c1 (no network) may not reach,
      // and is itself where the copy selected in c2 runs.
      ['spec.externalServers[0].clusters[0].name', 'MB3751'],
      ['spec.externalServers[0].clusters[0].name', 'MB3753'],
      ['spec.externalServers[0].clusters[1].name', 'MB3013'],
      ['spec.externalServers[1].clusters[0].name', 'MB3013'],
    ],
  );
  // Stop the agents before the temp folder is removed (they may still be writing).
  await Promise.all(agents.map((a) => a.stop()));
});
