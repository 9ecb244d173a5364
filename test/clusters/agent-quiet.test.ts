// No runtime warning reaches a user: a real `meshbridge agent` dialling the management plane by IP
// address (where @grpc/grpc-js sets an IP as TLS ServerName, which Node warns about as DEP0123).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, writeInventory } from './_harness.js';

const PASSWORD = 'quiet-Admin-pass-1';

test('GIVEN an agent connecting to 127.0.0.1 over TLS WHEN it runs and stops THEN stderr carries no Node warning (DEP0123) and the log has it at debug only', async (t) => {
  const dir = await tempDir(t, 'mb-agent-quiet-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  t.after(() => mp.proc.stop());
  const env = await tctlProfile(dir, mp, PASSWORD);
  const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', 'q1', '--create-cluster']);
  await writeFile(join(dir, 'q1.jwk'), jwk.stdout);
  await writeInventory(join(dir, 'q1.inventory.json'), ['default']);
  assert.match(mp.agentAddress, /^127\.0\.0\.1:\d+$/, 'the agent dials an IP address');
  const agent = startAgent({ cluster: 'q1', jwk: join(dir, 'q1.jwk'), mp, sinkDir: join(dir, 'sink'), inventory: join(dir, 'q1.inventory.json') });
  t.after(() => agent.stop());
  await until(async () => /READY/.test((await tctl(env, ['status', 'cluster', 'q1'], '', true)).stdout), 'cluster q1 READY', 60_000);
  await agent.stop();
  assert.doesNotMatch(agent.err, /DEP0123|DeprecationWarning|\(node:\d+\)/, agent.err);
  assert.equal(agent.err, '');
  assert.doesNotMatch(agent.out, /DEP0123/, 'debug lines are below the default info level');
});
