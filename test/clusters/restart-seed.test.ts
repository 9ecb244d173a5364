// End to end (real server and agent processes; file sinks and inventories stand in for Kubernetes):
// after a server restart a cluster whose agent has not reconnected still counts with what it last
// reported, so the other clusters' policies over namespaces that span clusters do not change
// (issue #18: the restart flip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, readObject, startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory, type Mp, type Proc } from './_harness.js';
import { INVENTORY, adminClient, configYaml } from './_config.js';

const PASSWORD = 'restart-Admin-pass-1';
const ORG = 'organizations/tetrate';
// The workspace spans */bookinfo and c1/shared: WORKSPACE authorization in c2 names shared, which only c1 has.
const AP = 'bookinfo/AuthorizationPolicy/sec-default';

test("server restarted while c1 is away: c2 keeps its WORKSPACE policy naming c1's namespace (seeded from the stored status), nothing is re-applied in c2, and c1 converges when it returns", async (t) => {
  const dir = await tempDir(t, 'mb-clusters-restart-');
  const data = join(dir, 'data');
  const ports = { port: await freePort(), agentPort: await freePort() };
  let mp: Mp = await startServer({ dataDir: data, password: PASSWORD, ...ports });
  const procs: Proc[] = [];
  t.after(async () => {
    for (const p of procs) await p.stop();
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const sink = join(dir, 'gitops');
  const spawn = (c: string): Proc => {
    const p = startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.json`) });
    procs.push(p);
    return p;
  };
  const agents: Record<string, Proc> = {};
  for (const c of ['c1', 'c2']) {
    await writeFile(join(dir, `${c}.jwk`), (await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster'])).stdout);
    await writeInventory(join(dir, `${c}.inventory.json`), INVENTORY[c]);
    agents[c] = spawn(c);
  }
  await writeFile(join(dir, 'config.yaml'), configYaml());
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
  // GIVEN c2's policy allows the workspace's namespaces of both clusters
  await until(async () => (await readObject(join(sink, 'c2'), AP).catch(() => '')).includes('shared'), 'c2 policy names shared');
  const before = await readObject(join(sink, 'c2'), AP);
  let client = await adminClient(mp.address, mp.caFile, PASSWORD);
  const clusterStatus = async (c: string): Promise<Record<string, unknown>> =>
    (await client.status(`${ORG}/clusters/${c}`)) as unknown as Record<string, unknown>;
  await until(async () => Array.isArray((await clusterStatus('c1')).namespaces), 'c1 status stored');

  // WHEN c1's agent is away and the server is killed and restarted; c2 reconnects alone
  await agents.c1.stop();
  await mp.proc.kill9();
  const restartedAt = Date.now();
  const appliedBefore = agents.c2.logs().filter((l) => l.msg === 'snapshot applied').length;
  mp = await startServer({ dataDir: data, password: PASSWORD, ...ports });
  client = await adminClient(mp.address, mp.caFile, PASSWORD);
  // c2 is synced with the restarted server once its status shows a contact after the restart.
  await until(
    async () => {
      const s = await clusterStatus('c2');
      return s.connected === true && Date.parse(String(s.lastSeen)) >= restartedAt;
    },
    'c2 synced with the restarted server',
    60_000,
  );
  await new Promise((r) => setTimeout(r, 1_000)); // past the mesh recompute window (200 ms)

  // THEN c2's policy still names shared and c2 applied nothing after the restart
  assert.equal(await readObject(join(sink, 'c2'), AP), before);
  const appliedAfter = agents.c2
    .logs()
    .filter((l) => l.msg === 'snapshot applied')
    .slice(appliedBefore);
  assert.deepEqual(
    appliedAfter.flatMap((l) => l.applied as string[]),
    [],
    'c2 applied objects again after the restart (its view lacked c1 until c1 returned)',
  );

  // AND when c1 returns both converge, c2's policy unchanged
  agents.c1 = spawn('c1');
  await until(async () => (await clusterStatus('c1')).connected === true, 'c1 back');
  assert.equal(await readObject(join(sink, 'c2'), AP), before);
});
