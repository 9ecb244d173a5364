// The ControlPlane's agent mounts what `tctl install manifest control-plane-secrets` prints: same
// Secret names and keys, and the mounted `jwk` file is one the agent's credential reader accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, exportJWK } from 'jose';
import { parseAllDocuments } from 'yaml';
import { readCredentials } from '../../src/agent/index.js';
import { runTctl } from './tctl-run.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
type Secret = { kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> };
type Pod = {
  spec: { containers: { args: string[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; secret?: { secretName: string } }[] };
};

test('the agent Deployment mounts the Secrets control-plane-secrets prints, and reads the mounted JWK (real tctl)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-cp-secrets-'));
  try {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'organizations/tetrate/clusters/app-cluster-1#k1', alg: 'ES256' };
    writeFileSync(join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const secrets = await runTctl([
      'install',
      'manifest',
      'control-plane-secrets',
      '--cluster',
      'app-cluster-1',
      '--cluster-service-account',
      JSON.stringify(jwk),
      '--management-plane-ca-certificate',
      join(dir, 'ca.crt'),
    ]);
    assert.equal(secrets.code, 0, secrets.stderr);
    const byName = new Map(
      parseAllDocuments(secrets.stdout)
        .map((d) => d.toJS() as Secret)
        .map((s) => [s.metadata.name, s]),
    );
    const cp = await runTctl(['install', 'manifest', 'control-plane', '-f', join(FIX, 'cp-cni.yaml')]);
    assert.equal(cp.code, 0, cp.stderr);
    const agent = parseAllDocuments(cp.stdout)
      .map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string }; spec: { template: Pod } })
      .find((o) => o.kind === 'Deployment' && o.metadata.name === 'meshbridge-agent');
    assert.ok(agent);
    const pod = agent.spec.template;
    const args = pod.spec.containers[0].args;
    for (const [flag, volume] of [
      ['--credentials', 'cluster-credentials'],
      ['--ca-file', 'mp-ca'],
    ] as const) {
      const file = args[args.indexOf(flag) + 1];
      const mount = pod.spec.containers[0].volumeMounts.find((m) => m.name === volume);
      assert.ok(mount && file.startsWith(`${mount.mountPath}/`), `${flag} ${file} is not under the ${volume} mount`);
      const secretName = pod.spec.volumes.find((v) => v.name === volume)?.secret?.secretName ?? '';
      const secret = byName.get(secretName);
      assert.ok(secret, `Secret ${secretName} is not printed by control-plane-secrets`);
      assert.equal(secret.metadata.namespace, agent.metadata.namespace);
      const key = file.slice(mount.mountPath.length + 1);
      assert.ok(key in secret.data, `Secret ${secretName} has no key ${key}`);
      // What the kubelet would write at the mount path: the decoded key.
      writeFileSync(join(dir, key), Buffer.from(secret.data[key], 'base64'));
    }
    const creds = await readCredentials(join(dir, 'jwk'));
    assert.equal(creds.clusterFqn, 'organizations/tetrate/clusters/app-cluster-1');
    assert.match(readFileSync(join(dir, 'ca.crt'), 'utf8'), /BEGIN CERTIFICATE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
