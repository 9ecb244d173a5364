import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory, type Proc } from './_harness.js';
import { EXPECTED, IG, INVENTORY, ORG, SS, TS, adminClient, configYaml } from './_config.js';

const PASSWORD = 'e2e-Admin-pass-1';

test('server + three agents: config lands in exactly the selected clusters, changes and deletes propagate, statuses reach READY', async (t) => {
  const dir = await tempDir(t, 'mb-clusters-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'gitops');
  for (const c of ['c1', 'c2', 'c3']) {
    // GIVEN three onboarded clusters, each with an agent writing to its own folder.
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster']);
    assert.match(JSON.parse(jwk.stdout).kid as string, new RegExp(`^${ORG}/clusters/${c}#`));
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    let credentials = join(dir, `${c}.jwk`);
    if (c === 'c3') {
      // c3 authenticates with the Secrets manifest an operator would kubectl apply.
      const secrets = await tctl(env, [
        'install',
        'manifest',
        'control-plane-secrets',
        '--cluster',
        c,
        '--cluster-service-account',
        jwk.stdout,
        '--management-plane-ca-certificate',
        mp.caFile,
      ]);
      assert.match(secrets.stdout, /name: cluster-service-account[\s\S]*name: mp-certs/);
      credentials = join(dir, 'c3-secrets.yaml');
      await writeFile(credentials, secrets.stdout);
    }
    await writeInventory(join(dir, `${c}.inventory.json`), INVENTORY[c]);
    agents.push(startAgent({ cluster: c, jwk: credentials, mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.json`) }));
  }
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  for (const c of ['c1', 'c2', 'c3']) {
    await until(async () => (await client.status(`${ORG}/clusters/${c}`)).status === 'READY', `cluster ${c} READY`);
    const st = (await client.status(`${ORG}/clusters/${c}`)) as unknown as Record<string, unknown>;
    assert.equal(st.message, 'Cluster onboarded');
    assert.deepEqual(st.namespaces, INVENTORY[c]);
    assert.equal(typeof st.lastSeen, 'string');
    assert.match(String(st.agentVersion), /^\d+\.\d+\.\d+/);
  }

  // WHEN the TSB-shaped configuration is applied
  await writeFile(join(dir, 'config.yaml'), configYaml());
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);

  // THEN each cluster holds exactly the objects its namespaces select
  for (const c of ['c1', 'c2', 'c3']) {
    await until(async () => JSON.stringify(await sinkKeys(join(sink, c))) === JSON.stringify(EXPECTED[c]), `files of ${c}`);
  }
  const gw = await readObject(join(sink, 'c1'), 'bookinfo/Gateway/bookinfo-gw');
  assert.match(gw, /credentialName: bookinfo-certs/);
  assert.match(gw, /tsb.tetrate.io\/fqn: organizations\/tetrate\/tenants\/prod\/workspaces\/bookinfo\/gatewaygroups\/gw\/ingressgateways\/bookinfo-gw/);
  // Status is per cluster, not per namespace: SS also lands in c1/shared, but every FQN still
  // reports exactly c1 and c2 (both READY); c3 selects none of their namespaces and is absent.
  for (const fqn of [IG, TS, SS]) {
    await until(async () => (await client.status(fqn)).status === 'READY', `${fqn} READY`);
    const st = await client.status(fqn);
    assert.equal(st.lastEvent, 'XCP_APPLIED');
    const clusters = (st.clusters ?? {}) as Record<string, { status: string }>;
    assert.deepEqual(Object.keys(clusters).sort(), ['c1', 'c2'], `${fqn} clusters`);
    for (const c of ['c1', 'c2']) assert.equal(clusters[c].status, 'READY', `${fqn} in ${c}`);
  }

  // WHEN the gateway hostname changes THEN both clusters rewrite the VirtualService
  await writeFile(join(dir, 'config.yaml'), configYaml('shop.example.com'));
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
  for (const c of ['c1', 'c2']) {
    await until(
      async () => (await readObject(join(sink, c), 'bookinfo/VirtualService/bookinfo-gw-bookinfo')).includes('shop.example.com'),
      `hostname change in ${c}`,
    );
  }

  // WHEN the SecuritySetting is deleted THEN its objects are pruned everywhere
  await tctl(env, ['delete', 'sss', 'default', '--tenant', 'prod', '-w', 'bookinfo', '-s', 'sec']);
  for (const c of ['c1', 'c2']) {
    const want = EXPECTED[c].filter((k) => !/sec-default/.test(k));
    await until(async () => JSON.stringify(await sinkKeys(join(sink, c))) === JSON.stringify(want), `prune in ${c}`);
  }
  assert.deepEqual(await sinkKeys(join(sink, 'c3')), ['istio-system/Secret/cacerts']);

  // WHEN c3's credentials are revoked THEN its stream is cut at once and reconnects are refused
  const revoked = Date.now();
  await tctl(env, ['install', 'cluster-service-account', '--cluster', 'c3', '--revoke']);
  await agents[2].waitFor(() => /management plane rejected this agent/.test(agents[2].out), 'c3 rejected', 10_000);
  assert.ok(Date.now() - revoked < 10_000);
  assert.match(agents[2].out, /revoked/);
  await until(async () => ((await client.status(`${ORG}/clusters/c3`)) as unknown as { connected: boolean }).connected === false, 'c3 shown disconnected');
});
