// Attack (issue 10): an agent's identity is a cluster's, not a trusted author's. A hostile agent —
// here the real stream client with a sink that NACKs every object with 100 kB of terminal escape
// sequences and bidi overrides, and an agent version made of the same — connects to the real
// `meshbridge server`. What it says lands in another tenant's resource status and in the
// cluster's status: there it must be plain text, cut to a bounded length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StreamClient, readCredentials } from '../../src/agent/index.js';
import type { Sink } from '../../src/agent/sinks/sink.js';
import { StateCache } from '../../src/agent/state-cache.js';
import { startServer, tctl, tctlProfile, tempDir, until } from './_harness.js';
import { IG, adminClient, configYaml } from './_config.js';

const PASSWORD = 'admin-password-1';
const HOSTILE = `\u001b[2J\u001b[31mYOUR CLUSTER IS COMPROMISED\u202e\u0000${'A'.repeat(100_000)}`;
const quiet = { info() {}, warn() {}, error() {} };

test('a hostile agent NACKing with 100 kB of ANSI escapes: the resource and cluster statuses show at most 512 characters per message and no control or bidi character', async (t) => {
  const dir = await tempDir(t, 'mb-agent-text-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  t.after(() => mp.proc.stop());
  const env = await tctlProfile(dir, mp, PASSWORD);
  const jwkFile = join(dir, 'c1.jwk');
  await writeFile(jwkFile, (await tctl(env, ['install', 'cluster-service-account', '--cluster', 'c1', '--create-cluster'])).stdout);
  const hostileSink: Sink = {
    name: 'hostile',
    apply: async (upserts) => upserts.map((o) => ({ key: `${o.key}${HOSTILE}`, fqn: o.fqn, message: HOSTILE })),
    repair: async () => 0,
  };
  const agent = new StreamClient({
    managementPlane: mp.agentAddress,
    cluster: 'c1',
    credentials: await readCredentials(jwkFile),
    ca: await readFile(mp.caFile),
    sink: hostileSink,
    inventory: { read: async () => ({ namespaces: ['bookinfo'], services: [], workloadTrust: [], gateways: [] }), watch: () => () => {} },
    cache: new StateCache(join(dir, 'agent', 'snapshot.json')),
    agentVersion: HOSTILE,
    log: quiet,
  });
  await agent.start();
  t.after(() => agent.stop());
  await writeFile(join(dir, 'config.yaml'), configYaml());
  await tctl(env, ['apply', '-f', join(dir, 'config.yaml')]);
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  await until(async () => (await client.status(IG)).status === 'FAILED', 'IngressGateway FAILED by the hostile NACK');
  const st = await client.status(IG);
  const texts = [String(st.message), ...Object.values(st.clusters as Record<string, { message?: string }>).map((c) => c.message ?? '')];
  for (const text of texts) {
    assert.ok(text.length <= 1100, `status message of ${text.length} characters`);
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'no control or bidi character');
  }
  assert.match(texts[1], /YOUR CLUSTER IS COMPROMISED/, 'the text is kept, as text');
  const cluster = await client.status('organizations/tetrate/clusters/c1');
  const shownVersion = String((cluster as unknown as Record<string, unknown>).agentVersion ?? JSON.stringify(cluster));
  assert.ok(shownVersion.length <= 64, `agent version of ${shownVersion.length} characters`);
  assert.doesNotMatch(shownVersion, /\u001b/);
});
