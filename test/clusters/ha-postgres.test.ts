import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { postgresUrl } from '../support/shared.js';
import { readObject, sinkKeys, startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory, type Mp, type Proc } from './_harness.js';
import { EXPECTED, IG, INVENTORY, adminClient, configYaml } from './_config.js';

const PASSWORD = 'ha-Admin-pass-1';
const VS = 'bookinfo/VirtualService/bookinfo-gw-bookinfo';

test('HA: two replicas on one PostgreSQL, agents split between them, writes to both reach every agent once; an agent fails over when its replica dies', async (t) => {
  const schema = `mbclusters_${randomBytes(5).toString('hex')}`;
  const url = new URL(postgresUrl());
  url.searchParams.set('schema', schema);
  const dir = await tempDir(t, 'mb-clusters-ha-');
  const data = join(dir, 'data');
  const servers: Mp[] = [];
  const agents: Record<string, Proc> = {};
  t.after(async () => {
    for (const a of Object.values(agents)) await a.stop();
    for (const s of servers) await s.proc.stop();
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });
  // GIVEN replicas A and B on one fresh schema (B reuses A's TLS material from the shared data dir)
  servers.push(await startServer({ dataDir: data, password: PASSWORD, database: url.toString() }));
  servers.push(await startServer({ dataDir: data, password: PASSWORD, database: url.toString() }));
  const [a, b] = servers;
  const env = await tctlProfile(dir, a, PASSWORD);
  const sink = join(dir, 'gitops');
  // AND c1's agent streams from A, c2's from B
  for (const [c, mp] of [
    ['c1', a],
    ['c2', b],
  ] as const) {
    await writeFile(join(dir, `${c}.jwk`), (await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster'])).stdout);
    await writeInventory(join(dir, `${c}.inventory.json`), INVENTORY[c]);
    // c2 knows both replicas (B first) so it can fail over.
    const managementPlane = c === 'c2' ? `${b.agentAddress},${a.agentAddress}` : undefined;
    agents[c] = startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.json`), managementPlane });
  }
  // WHEN the configuration is applied through A
  await writeFile(join(dir, 'config.yaml'), configYaml('w0.example.com'));
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
  for (const c of ['c1', 'c2']) await until(async () => JSON.stringify(await sinkKeys(join(sink, c))) === JSON.stringify(EXPECTED[c]), `${c} synced`);
  // AND writes alternate between the replicas
  const clients = [await adminClient(a.address, a.caFile, PASSWORD), await adminClient(b.address, b.caFile, PASSWORD)];
  const rounds = 8;
  for (let i = 1; i <= rounds; i++) {
    const client = clients[i % 2];
    const ig = await client.get(IG);
    (ig.spec as { http: { hostname: string }[] }).http[0].hostname = `w${i}.example.com`;
    await client.update(IG, ig);
    // THEN every write reaches both agents, whichever replica took it and whichever serves the agent
    for (const c of ['c1', 'c2'])
      await until(async () => (await readObject(join(sink, c), VS)).includes(`w${i}.example.com`), `write ${i} via ${i % 2 ? 'B' : 'A'} in ${c}`);
  }
  // AND each version's objects were applied exactly once per agent
  for (const c of ['c1', 'c2']) {
    const pairs = agents[c].logs().flatMap((l) => (l.msg === 'snapshot applied' ? (l.applied as string[]) : []));
    const vs = pairs.filter((p) => p.startsWith(`${VS}@`));
    assert.equal(vs.length, rounds + 1, `${c}: one apply of the VirtualService per write`);
    assert.equal(new Set(pairs).size, pairs.length, `${c} applied something twice`);
  }
  // AND both replicas report the same aggregate status, built from both replicas' agents
  for (const client of clients) {
    await until(async () => (await client.status(IG)).status === 'READY', 'IngressGateway READY');
    assert.deepEqual(Object.keys((await client.status(IG)).clusters ?? {}).sort(), ['c1', 'c2']);
  }
  // WHEN replica B dies THEN c2's agent moves to A and keeps converging, without re-applying
  await b.proc.kill9();
  const ig = await clients[0].get(IG);
  (ig.spec as { http: { hostname: string }[] }).http[0].hostname = 'after-failover.example.com';
  await clients[0].update(IG, ig);
  await until(async () => (await readObject(join(sink, 'c2'), VS)).includes('after-failover.example.com'), 'c2 converged through A');
  const pairs = agents.c2.logs().flatMap((l) => (l.msg === 'snapshot applied' ? (l.applied as string[]) : []));
  assert.equal(new Set(pairs).size, pairs.length, 'c2 applied something twice across the failover');
});
