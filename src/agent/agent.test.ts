import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAgent } from './agent.js';

const log = { info: () => {}, warn: () => {}, error: () => {} };
const creds = { clusterFqn: 'organizations/o/clusters/c1', jwk: { kid: 'organizations/o/clusters/c1#1', d: 'x' } };
const base = {
  managementPlane: 'mp:9443',
  cluster: 'c1',
  credentials: creds,
  sink: 'directory:/tmp/never-written',
  inventory: 'file:/nonexistent/inventory.yaml',
  agentVersion: 't',
  log,
};

test('bad agent options are refused before anything starts, naming the flag and the fix', async () => {
  const code = (c: string, re: RegExp) => (e: Error & { code?: string }) => e.code === c && re.test(e.message);
  await assert.rejects(startAgent({ ...base, managementPlane: 'mp' }), code('MB3003', /--management-plane: "mp": expected host:port/));
  await assert.rejects(startAgent({ ...base, managementPlane: 'a:1,b' }), code('MB3003', /--management-plane: "b"/));
  await assert.rejects(startAgent({ ...base, sink: 'git:/x' }), code('MB3003', /--sink: "git:\/x" is not kubernetes or directory:PATH/));
  await assert.rejects(startAgent({ ...base, inventory: 'etcd' }), code('MB3003', /--inventory: "etcd"/));
  await assert.rejects(startAgent({ ...base, cluster: 'c2' }), code('MB3008', /--cluster c2: the credentials were issued for organizations\/o\/clusters\/c1/));
  await assert.rejects(startAgent(base), code('MB3004', /inventory.yaml: ENOENT/));
});
