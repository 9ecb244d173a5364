// End-to-end: a restart reuses the generated CA, certificate and admin; a new --hostname re-issues
// the server certificate from the same CA; SIGTERM exits cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { cleanup, startServer, tempDir } from './_server.js';
import { openWatch } from './_sse.js';

test('restart reuses TLS material and the admin; keys are 0600; a new hostname re-issues from the same CA', async () => {
  const dir = tempDir();
  try {
    const first = await startServer({ dataDir: dir });
    assert.match(first.stdout(), /password: \S+/);
    const tls = (f: string): string => readFileSync(join(dir, 'tls', f), 'utf8');
    const ca = tls('ca.crt');
    const cert = tls('server.crt');
    for (const f of ['tls/ca.key', 'tls/server.key', 'admin-password']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    const leaf = new X509Certificate(cert);
    assert.ok(leaf.checkIssued(new X509Certificate(ca)));
    assert.match(leaf.subjectAltName ?? '', /DNS:localhost.*IP Address:127\.0\.0\.1/);
    assert.equal((await first.request('POST', '/v2/organizations/tetrate/tenants', { name: 'kept', tenant: {} })).status, 201);
    assert.equal(await first.stop(), 0);

    const second = await startServer({ dataDir: dir });
    assert.doesNotMatch(second.stdout(), /password:/);
    assert.equal(tls('ca.crt'), ca);
    assert.equal(tls('server.crt'), cert);
    assert.equal(second.password, first.password);
    assert.equal((await second.request('GET', '/v2/organizations/tetrate/tenants/kept')).status, 200);
    assert.equal(await second.stop(), 0);

    const third = await startServer({ dataDir: dir, args: ['--hostname', 'mp.example.test'] });
    assert.equal(tls('ca.crt'), ca);
    const reissued = new X509Certificate(tls('server.crt'));
    assert.match(reissued.subjectAltName ?? '', /DNS:mp\.example\.test/);
    assert.ok(reissued.checkIssued(new X509Certificate(ca)));
    assert.equal((await third.request('GET', '/v2/organizations/tetrate/tenants/kept')).status, 200);
    assert.equal(await third.stop(), 0);
  } finally {
    cleanup(dir);
  }
});

test('bad flags fail fast with the flag and its environment variable named', async () => {
  const dir = tempDir();
  try {
    await assert.rejects(startServer({ dataDir: dir, args: ['--tls-cert', join(dir, 'x.pem')] }), /--tls-cert and --tls-key go together/);
    await assert.rejects(startServer({ dataDir: dir, env: { MESHBRIDGE_BODY_LIMIT: 'lots' } }), /MESHBRIDGE_BODY_LIMIT: "lots" is not a whole number/);
  } finally {
    cleanup(dir);
  }
});

test('SIGTERM ends open watch streams and exits 0 instead of waiting for them', async () => {
  const dir = tempDir();
  try {
    const s = await startServer({ dataDir: dir });
    const auth = `Basic ${Buffer.from(`admin:${s.password}`).toString('base64')}`;
    const w = openWatch(`${s.url}/v2/watch?revision=0`, s.ca, auth);
    await w.until((e) => e.data.fqn === 'organizations/tetrate');
    const ended = w.ended();
    assert.equal(await s.stop(), 0);
    await ended;
    assert.match(s.stdout(), /stopped \(SIGTERM\)/);
  } finally {
    cleanup(dir);
  }
});
