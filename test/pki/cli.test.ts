// End-to-end: the real tctl executable on the shared Envoy/istioctl dumps and on CA material it
// creates, cross-checked with the real openssl CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, unlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { parse } from 'yaml';
import { binCommand } from '../support/bins.js';
import { sharedDir } from '../support/shared.js';
import { createCertificate, parseCertificate, readCertificates, toPem, KU, EKU } from '../../src/pki/index.js';

function tctl(args: string[], stdin = '', cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: pre } = binCommand('tctl');
  return new Promise((resolve, reject) => {
    const p = spawn(command, [...pre, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c));
    p.stderr.on('data', (c: Buffer) => (stderr += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(stdin);
  });
}

function openssl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => execFile('openssl', args, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr })));
}

const dump = (name: string) => sharedDir('data', 'istio', 'config-dumps', name, 'config_dump.json');
const expected = (name: string) => readFileSync(sharedDir('data', 'istio', 'config-dumps', name, 'output'), 'utf8');
const FROZEN = '2026-01-01T00:00:00Z';

test("tctl x certs extract prints istioctl's exact table for the istio and spire dumps (frozen clock) and writes chain and ROOTCA PEM files", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-extract-'));
  try {
    for (const name of ['istio', 'spire']) {
      const r = await tctl(['x', 'certs', 'extract', dump(name), '--out-dir', join(dir, name), '--at', FROZEN]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes(`\n\n${expected(name)}\n`), r.stdout);
      assert.match(r.stdout, /chain\.pem {2}← secret "default" \(ACTIVE\): 2 certificates: /);
    }
    assert.equal(readCertificates(readFileSync(join(dir, 'spire', 'roots.pem'), 'utf8'), 'r').ders.length, 2);
    const before = readFileSync(join(dir, 'istio', 'chain.pem'), 'utf8');
    const again = await tctl(['x', 'certs', 'extract', dump('istio'), '--out-dir', join(dir, 'istio')]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists \[MB4012\]/);
    assert.equal(readFileSync(join(dir, 'istio', 'chain.pem'), 'utf8'), before);
    const ok = await tctl([
      'x',
      'certs',
      'verify',
      join(dir, 'istio', 'chain.pem'),
      '--roots',
      join(dir, 'istio', 'roots.pem'),
      '--at',
      '2023-05-15T12:00:00Z',
      '--purpose',
      'server',
    ]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^OK: spiffe:\/\/cluster.local\/ns\/ambient\/sa\/namespace-istio-waypoint verifies to O=cluster.local$/m);
    const spire = await tctl(['x', 'certs', 'verify', dump('spire'), '--at', '2024-10-27T22:00:00Z', '--purpose', 'server']);
    assert.equal(spire.code, 0, spire.stdout);
    assert.match(
      spire.stdout,
      /^OK: C=US, O=SPIRE, x500UniqueIdentifier=7273d2843f917af1709acf61c680cc2c \(spiffe:\/\/east.local\/ns\/istio-system\/sa\/federation-ingress-gateway-service-account\) verifies to O=my-company.org, CN=East Root CA$/m,
    );
    const expired = await tctl([
      'x',
      'certs',
      'verify',
      join(dir, 'istio', 'chain.pem'),
      '--roots',
      join(dir, 'istio', 'roots.pem'),
      '--at',
      FROZEN,
      '-o',
      'json',
    ]);
    assert.equal(expired.code, 1);
    const j = JSON.parse(expired.stdout) as { ok: boolean; problems: { depth: number; error: number; name: string }[] };
    assert.deepEqual(
      j.problems.map((p) => [p.error, p.depth, p.name]),
      [[10, 0, 'spiffe://cluster.local/ns/ambient/sa/namespace-istio-waypoint']],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tctl x certs inspect reads istioctl -o json from stdin and shows certificate fields of a PEM file', async () => {
  const snake = JSON.parse(readFileSync(dump('istio'), 'utf8')) as { configs: unknown[] };
  const camelize = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(camelize)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), camelize(x)]))
        : v;
  const table = await tctl(['x', 'certs', 'inspect', '-', '--at', FROZEN], JSON.stringify(camelize(snake.configs[0]), null, 4));
  assert.equal(table.code, 0, table.stderr);
  assert.equal(table.stdout, expected('istio'));
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-inspect-'));
  try {
    await tctl(['x', 'certs', 'extract', dump('spire'), '--out-dir', dir]);
    const r = await tctl(['x', 'certs', 'inspect', join(dir, 'chain.pem'), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const certs = JSON.parse(r.stdout) as { spiffeId?: string; sha256: string; keyType: string; extKeyUsage?: string[] }[];
    assert.equal(certs[0].spiffeId, 'spiffe://east.local/ns/istio-system/sa/federation-ingress-gateway-service-account');
    assert.equal(certs[0].keyType, 'EC P-256');
    assert.deepEqual(certs[0].extKeyUsage, ['serverAuth', 'clientAuth']);
    assert.match(certs[1].sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n');
    const bad = await tctl(['x', 'certs', 'verify', garbage]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /PEM block 1 \(line 1\) holds characters that are not base64 \[MB4000\]\nFix: /);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tctl x ca creates a root and per-cluster plug-in CAs that pass openssl verify and istiod's cacerts checks; workload certs issued from them verify too", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-ca-'));
  try {
    const root = await tctl(['x', 'ca', 'create-root', '--key-type', 'ec', '--out-dir', dir]);
    assert.equal(root.code, 0, root.stderr);
    for (const cluster of ['east', 'west']) {
      const r = await tctl([
        'x',
        'ca',
        'create-intermediate',
        '--cluster',
        cluster,
        '--key-type',
        'ec',
        '--root-cert',
        join(dir, 'root-cert.pem'),
        '--root-key',
        join(dir, 'root-key.pem'),
        '--out-dir',
        dir,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const c = join(dir, cluster);
      for (const f of ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem', 'cacerts.yaml']) assert.ok(existsSync(join(c, f)), f);
      // Key material (the key, and the Secret that embeds it) is readable by the owner only.
      for (const f of ['ca-key.pem', 'cacerts.yaml']) assert.equal(statSync(join(c, f)).mode & 0o777, 0o600, f);
      for (const f of ['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem']) assert.equal(statSync(join(c, f)).mode & 0o777, 0o644, f);
      const o = await openssl([
        'verify',
        '-no-CApath',
        '-no-CAstore',
        '-CAfile',
        join(c, 'root-cert.pem'),
        '-untrusted',
        join(c, 'cert-chain.pem'),
        join(c, 'ca-cert.pem'),
      ]);
      assert.equal(o.code, 0, o.out);
      assert.match(o.out, /ca-cert.pem: OK/);
      assert.equal((await tctl(['x', 'ca', 'check', c])).code, 0);
      const secret = parse(readFileSync(join(c, 'cacerts.yaml'), 'utf8')) as {
        kind: string;
        metadata: { name: string; namespace: string };
        data: Record<string, string>;
      };
      assert.deepEqual([secret.kind, secret.metadata.name, secret.metadata.namespace], ['Secret', 'cacerts', 'istio-system']);
      assert.equal(Buffer.from(secret.data['cert-chain.pem'], 'base64').toString(), readFileSync(join(c, 'cert-chain.pem'), 'utf8'));
      // A workload certificate as istiod would sign it with this cluster's ca-key.pem.
      const caCert = parseCertificate(readCertificates(readFileSync(join(c, 'ca-cert.pem'), 'utf8'), 'ca').ders[0], 'ca');
      const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const leaf = await createCertificate({
        subject: '',
        issuer: caCert.subject,
        publicKey: leafKey.publicKey,
        signingKey: createPrivateKey(readFileSync(join(c, 'ca-key.pem'), 'utf8')),
        serialHex: '0a01',
        notBefore: new Date(Date.now() - 120_000),
        notAfter: new Date(Date.now() + 86_400_000),
        basicConstraints: { ca: false },
        keyUsage: KU.digitalSignature | KU.keyEncipherment,
        extKeyUsage: [EKU.serverAuth, EKU.clientAuth],
        sans: [{ type: 'uri', value: `spiffe://cluster.local/ns/shop/sa/${cluster}` }],
        sanCritical: true,
        akiKeyId: caCert.ski,
      });
      writeFileSync(join(c, 'leaf-chain.pem'), toPem(leaf) + readFileSync(join(c, 'cert-chain.pem'), 'utf8'));
      writeFileSync(join(c, 'leaf.pem'), toPem(leaf));
      const ol = await openssl([
        'verify',
        '-no-CApath',
        '-no-CAstore',
        '-CAfile',
        join(c, 'root-cert.pem'),
        '-untrusted',
        join(c, 'cert-chain.pem'),
        '-purpose',
        'sslserver',
        join(c, 'leaf.pem'),
      ]);
      assert.equal(ol.code, 0, ol.out);
      const ours = await tctl(['x', 'certs', 'verify', join(c, 'leaf-chain.pem'), '--roots', join(c, 'root-cert.pem'), '--purpose', 'client']);
      assert.equal(ours.code, 0, ours.stdout);
    }
    const same = await tctl(['x', 'certs', 'rootca-compare', join(dir, 'east', 'root-cert.pem'), join(dir, 'west', 'root-cert.pem')]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /have the identical ROOTCA/);
    // istiod refuses an incomplete bundle; so does tctl.
    unlinkSync(join(dir, 'west', 'cert-chain.pem'));
    const incomplete = await tctl(['x', 'ca', 'check', join(dir, 'west')]);
    assert.equal(incomplete.code, 1);
    assert.match(
      incomplete.stderr,
      /incomplete signing CA bundle detected: missing cert-chain.pem \(present: ca-cert.pem, ca-key.pem, root-cert.pem\) \[MB4008\]/,
    );
    // A second root: chains from it do not verify against the first, and rootca-compare says so.
    const other = join(dir, 'other');
    assert.equal((await tctl(['x', 'ca', 'create-root', '--key-type', 'ec', '--out-dir', other])).code, 0);
    const diff = await tctl(['x', 'certs', 'rootca-compare', join(dir, 'root-cert.pem'), join(other, 'root-cert.pem')]);
    assert.equal(diff.code, 1);
    assert.match(diff.stderr, /have the non identical ROOTCA, theoretically the connectivity between them is unavailable \[MB4007\]/);
    assert.match(diff.stdout, /only in .*root-cert.pem:\n {4}O=Istio, CN=Root CA {2}sha256:[0-9a-f]{64}/);
    const wrong = await tctl(['x', 'certs', 'verify', join(dir, 'east', 'leaf-chain.pem'), '--roots', join(other, 'root-cert.pem')]);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stdout,
      /depth 2 {2}O=Istio, CN=Root CA\n {2}error 19: self-signed certificate in certificate chain\n {2}cause: the chain ends in the root `O=Istio, CN=Root CA` \(sha256:[0-9a-f]{16}…\) and a trusted root has the same name but a different key/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
