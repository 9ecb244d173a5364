import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDemoAgent } from '../../src/agent/index.js';
import { sinkKeys, startServer, tctl, tctlProfile, tempDir, until } from './_harness.js';

const PASSWORD = 'demo-Admin-pass-1';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

test('the demo agent `meshbridge up` runs in-process onboards cluster demo once, keeps its key, and config lands under data/clusters/demo', async (t) => {
  const dir = await tempDir(t, 'mb-clusters-demo-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  t.after(() => mp.proc.stop());
  const opts = {
    apiAddress: mp.address,
    agentAddress: mp.agentAddress,
    caFile: mp.caFile,
    organization: 'tetrate',
    username: 'admin',
    password: PASSWORD,
    dataDir: join(dir, 'data'),
    agentVersion: '0.0.0-test',
    log: quiet,
  };
  let agent = await startDemoAgent(opts);
  t.after(() => agent.stop());
  const keyFile = join(dir, 'data', 'clusters', 'demo.jwk');
  assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
  const key = await readFile(keyFile, 'utf8');
  const env = await tctlProfile(dir, mp, PASSWORD);
  await writeFile(
    join(dir, 'ws.yaml'),
    `apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata: {organization: tetrate, name: demo}
spec: {}
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
metadata: {organization: tetrate, tenant: demo, name: bookinfo}
spec: {namespaceSelector: {names: ["demo/bookinfo"]}}
---
apiVersion: security.tsb.tetrate.io/v2
kind: Group
metadata: {organization: tetrate, tenant: demo, workspace: bookinfo, name: sec}
spec: {namespaceSelector: {names: ["demo/bookinfo"]}, configMode: BRIDGED}
---
apiVersion: security.tsb.tetrate.io/v2
kind: SecuritySetting
metadata: {organization: tetrate, tenant: demo, workspace: bookinfo, group: sec, name: default}
spec: {authenticationSettings: {trafficMode: REQUIRED}}
`,
  );
  await tctl(env, ['apply', '-f', join(dir, 'ws.yaml')]);
  const root = join(dir, 'data', 'clusters', 'demo');
  await until(
    async () => JSON.stringify(await sinkKeys(root)) === JSON.stringify(['bookinfo/PeerAuthentication/sec-default', 'istio-system/Secret/cacerts']),
    'demo files',
  );
  // A second start (meshbridge up again) reuses the saved key and resumes.
  await agent.stop();
  agent = await startDemoAgent(opts);
  assert.equal(await readFile(keyFile, 'utf8'), key);
  await new Promise<void>((resolve) => agent.client.once('connected', () => resolve()));
  assert.deepEqual(await sinkKeys(root), ['bookinfo/PeerAuthentication/sec-default', 'istio-system/Secret/cacerts']);
});
