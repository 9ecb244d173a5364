import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTlsMaterial, loadTlsFiles, tlsPaths } from './tls-material.js';

test('generates a CA and a server cert for localhost, loopback IPs and extra names, then reuses them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-tls-'));
  try {
    const a = await ensureTlsMaterial(dir, ['mp.example.com']);
    assert.equal(a.generated, true);
    const leaf = new X509Certificate(a.cert);
    const ca = new X509Certificate(a.ca);
    assert.ok(leaf.checkIssued(ca));
    assert.ok(leaf.verify(ca.publicKey));
    for (const n of ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1', 'DNS:mp.example.com'])
      assert.ok(leaf.subjectAltName?.includes(n), `${n} in ${leaf.subjectAltName}`);
    assert.ok(leaf.checkPrivateKey(createPrivateKey(a.key)));
    const p = tlsPaths(dir);
    assert.equal(statSync(p.caKey).mode & 0o777, 0o600);
    assert.equal(statSync(p.key).mode & 0o777, 0o600);
    const b = await ensureTlsMaterial(dir, ['mp.example.com']);
    assert.equal(b.generated, false);
    assert.equal(b.cert, a.cert);
    const c = await ensureTlsMaterial(dir, ['other.example.com']);
    assert.equal(c.generated, true);
    assert.equal(c.ca, a.ca);
    assert.ok(new X509Certificate(c.cert).subjectAltName?.includes('DNS:other.example.com'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('given files must hold a PEM certificate and key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-tls-'));
  try {
    writeFileSync(join(dir, 'junk.pem'), 'not pem');
    await assert.rejects(loadTlsFiles(join(dir, 'junk.pem'), join(dir, 'junk.pem')), /--tls-cert: .* holds no PEM certificate/);
    await assert.rejects(loadTlsFiles(join(dir, 'missing.pem'), join(dir, 'junk.pem')), /--tls-cert: cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
