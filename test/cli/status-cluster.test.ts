// `tctl status cluster` against a real server and a real `meshbridge agent` process: the JSON
// carries TSB's shape (scripts check .spec.status == "READY" and .spec.message) and the table
// shows what the agent reported. Uses the clusters suite's process helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MeshClient } from '../../src/client/index.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory } from '../clusters/_harness.js';

const PASSWORD = 'status-Admin-pass-1';

test('status cluster: READY "Cluster onboarded" in .spec, and the agent\'s version and inventory in the table', async (t) => {
  const dir = await tempDir(t, 'tctl-status-cluster-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  t.after(() => mp.proc.stop());
  const env = await tctlProfile(dir, mp, PASSWORD);
  const before = JSON.parse((await tctl(env, ['status', 'cluster', 'c1', '-o', 'json'], '', true)).stdout || '{}') as { spec?: { status?: string } };
  assert.equal(before.spec, undefined, 'no cluster c1 yet');
  const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', 'c1', '--create-cluster']);
  await writeFile(join(dir, 'c1.jwk'), jwk.stdout);
  const fresh = await tctl(env, ['status', 'cluster', 'c1']);
  assert.match(fresh.stdout, /\nc1:\n {2}Agent: +never connected/);
  await writeInventory(join(dir, 'inv.json'), ['bookinfo', 'shop']);
  const agent = startAgent({ cluster: 'c1', jwk: join(dir, 'c1.jwk'), mp, sinkDir: join(dir, 'sink'), inventory: join(dir, 'inv.json') });
  t.after(() => agent.stop());
  // The status record is written in the background after the agent syncs; read it over REST.
  const client = new MeshClient({ address: mp.address, ca: await readFile(mp.caFile, 'utf8'), credentials: { username: 'admin', password: PASSWORD } });
  await until(async () => (await client.status('organizations/tetrate/clusters/c1')).status === 'READY', 'cluster c1 READY');

  const json = JSON.parse((await tctl(env, ['-o', 'json', 'status', 'cluster', 'c1'])).stdout) as {
    kind: string;
    metadata: Record<string, string>;
    spec: Record<string, unknown>;
  };
  assert.equal(json.kind, 'ResourceStatus');
  assert.equal(json.metadata.organization, 'tetrate');
  assert.equal(json.spec.status, 'READY');
  assert.equal(json.spec.message, 'Cluster onboarded');
  assert.equal(json.spec.connected, true);
  assert.deepEqual(json.spec.namespaces, ['bookinfo', 'shop']);
  assert.deepEqual(json.spec.services, ['bookinfo/web', 'shop/web']);
  const yaml = await tctl(env, ['status', 'cs', 'c1', '-o', 'yaml']);
  assert.match(yaml.stdout, /^apiVersion: api.tsb.tetrate.io\/v2\nkind: ResourceStatus\n[\s\S]*\n {2}status: READY\n/);
  const table = await tctl(env, ['x', 'status', 'cluster', 'c1']);
  assert.match(
    table.stdout,
    /^NAME\s+STATUS\s+LAST EVENT\s+MESSAGE\nc1\s+READY\s+AGENT_SYNCED\s+Cluster onboarded\n\nc1:\n {2}Connected: +yes\n {2}Last seen: +\S+ \(\d+s ago\)\n {2}Agent version: +\S+\n/,
  );
  assert.match(table.stdout, /\n {2}Namespaces: +bookinfo, shop \(2\)\n {2}Services: +bookinfo\/web, shop\/web \(2\)\n$/);
});
