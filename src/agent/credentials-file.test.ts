import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCredentials } from './credentials-file.js';

const JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'organizations/o/clusters/c1#ab12', alg: 'ES256' };

test('credentials come from a JWK, a {clusterFQN, jwk} object, or the cluster-service-account Secret among others', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-creds-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const files = {
    jwk: JSON.stringify(JWK),
    pair: JSON.stringify({ clusterFQN: 'organizations/o/clusters/c1', jwk: JSON.stringify(JWK) }),
    secrets: `apiVersion: v1\nkind: Secret\nmetadata: {name: mp-certs}\ndata: {ca.crt: eA==}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: cluster-service-account}\ndata:\n  jwk: ${Buffer.from(JSON.stringify(JWK)).toString('base64')}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    const c = await readCredentials(join(dir, name));
    assert.equal(c.clusterFqn, 'organizations/o/clusters/c1', name);
    assert.equal(c.jwk.kid, JWK.kid);
  }
});

test('a public key or garbage is refused with the fix', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-creds-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'pub'), JSON.stringify({ ...JWK, d: undefined }));
  await assert.rejects(readCredentials(join(dir, 'pub')), (e: Error & { code?: string }) => e.code === 'MB3002' && /private part "d"/.test(e.message));
  await assert.rejects(readCredentials(join(dir, 'missing')), (e: Error & { code?: string }) => e.code === 'MB3002');
});
