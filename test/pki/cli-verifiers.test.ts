// End-to-end: the real tctl executable for issue 15 — `x certs verify --verifier all` (table and
// JSON), the name and depth flags cross-checked with the real openssl CLI, bad flag values, and
// `x certs lint` on generated fragile material.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateKeyPairSync } from 'node:crypto';
import { binCommand } from '../support/bins.js';
import { createCertificate, keyIdentifier, toPem, KU } from '../../src/pki/index.js';

function tctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: pre } = binCommand('tctl');
  return new Promise((resolve, reject) => {
    const p = spawn(command, [...pre, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c));
    p.stderr.on('data', (c: Buffer) => (stderr += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function openssl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => execFile('openssl', args, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr })));
}

const AT = '2026-06-01T00:00:00Z';
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
type K = ReturnType<typeof ec>;
let serial = 0x100;

async function cert(o: {
  subject: string;
  issuer?: { name: string; key: K };
  key: K;
  ca?: boolean;
  pathLen?: number;
  notAfter?: string;
  hash?: 'SHA-1';
  ski?: boolean;
  aki?: boolean;
  dns?: string;
}): Promise<string> {
  return toPem(
    await createCertificate({
      subject: o.subject,
      issuer: o.issuer?.name ?? o.subject,
      publicKey: o.key.publicKey,
      signingKey: (o.issuer?.key ?? o.key).privateKey,
      serialHex: (serial++).toString(16),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date(o.notAfter ?? '2028-01-01T00:00:00Z'),
      hash: o.hash,
      ski: o.ski,
      basicConstraints: { ca: o.ca ?? false, ...(o.pathLen !== undefined ? { pathLen: o.pathLen } : {}) },
      keyUsage: o.ca ? KU.keyCertSign | KU.cRLSign : KU.digitalSignature,
      akiKeyId: o.issuer && o.aki !== false ? keyIdentifier(o.issuer.key.publicKey) : undefined,
      sans: o.dns ? [{ type: 'dns', value: o.dns }] : [{ type: 'uri', value: 'spiffe://cluster.local/ns/shop/sa/web' }],
      sanCritical: !o.dns && o.subject === '',
    }),
  );
}

test('tctl x certs verify --verifier all prints one row per verifier (table and JSON); --san, --hostname and --max-depth explain mismatches; bad values exit 1 with their MB code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-verifiers-'));
  try {
    const rk = ec();
    const ik = ec();
    const root = await cert({ subject: 'CN=Root', key: rk, ca: true });
    const int = await cert({ subject: 'CN=Int', key: ik, ca: true, pathLen: 0, issuer: { name: 'CN=Root', key: rk } });
    const leaf = await cert({ subject: 'CN=web.shop.example', key: ec(), issuer: { name: 'CN=Int', key: ik }, hash: 'SHA-1', dns: 'web.shop.example' });
    writeFileSync(join(dir, 'chain.pem'), leaf + int);
    writeFileSync(join(dir, 'root.pem'), root);
    const base = ['x', 'certs', 'verify', join(dir, 'chain.pem'), '--roots', join(dir, 'root.pem'), '--at', AT];
    const table = await tctl([...base, '--verifier', 'all']);
    assert.equal(table.code, 1, table.stderr);
    assert.match(table.stdout, /^openssl +OK +0 +Envoy/m);
    assert.match(table.stdout, /^webpki +FAILED +1 +ztunnel \(rustls-webpki\)/m);
    assert.match(table.stdout, /error sha1-signature: a certificate signed with SHA-1/);
    const json = await tctl([...base, '--verifier', 'all', '-o', 'json', '--san', 'spiffe://cluster.local/ns/shop/sa/web']);
    const j = JSON.parse(json.stdout) as {
      ok: boolean;
      verifiers: { verifier: string; ok: boolean; problems: { depth: number; name: string; error: string | number; cause: string; fix: string }[] }[];
    };
    assert.deepEqual(
      j.verifiers.map((v) => [v.verifier, v.ok]),
      [
        ['openssl', false],
        ['strict', false],
        ['webpki', false],
        ['go', false],
        ['chrome', false],
        ['pyca', false],
      ],
    );
    const san = j.verifiers[0].problems.find((p) => p.error === 'san-mismatch');
    assert.match(san?.cause ?? '', /^expected the SPIFFE ID spiffe:\/\/cluster.local\/ns\/shop\/sa\/web, present: no URI SAN/);
    // --hostname and --max-depth against the real openssl with the same files and flags.
    const osslArgs = ['verify', '-attime', String(Date.parse(AT) / 1000), '-trusted', join(dir, 'root.pem'), '-untrusted', join(dir, 'chain.pem')];
    for (const [flags, oflags] of [
      [
        ['--hostname', 'pay.shop.example'],
        ['-verify_hostname', 'pay.shop.example'],
      ],
      [
        ['--hostname', 'web.shop.example'],
        ['-verify_hostname', 'web.shop.example'],
      ],
      [
        ['--max-depth', '0'],
        ['-verify_depth', '0'],
      ],
      [
        ['--max-depth', '1'],
        ['-verify_depth', '1'],
      ],
      [
        ['--ip', '10.0.0.1'],
        ['-verify_ip', '10.0.0.1'],
      ],
    ]) {
      const ours = await tctl([...base, ...flags, '-o', 'json']);
      const theirs = await openssl([...osslArgs, ...oflags, join(dir, 'chain.pem')]);
      const problems = (JSON.parse(ours.stdout) as { problems: { error: number; depth: number }[] }).problems;
      const expected = [...theirs.out.matchAll(/error (\d+) at (\d+) depth lookup/g)].map((m) => `${m[1]}@${m[2]}`);
      assert.deepEqual(
        problems.map((p) => `${p.error}@${p.depth}`),
        expected,
        `${flags.join(' ')}: ${theirs.out}`,
      );
      assert.equal(ours.code === 0, theirs.code === 0, flags.join(' '));
    }
    const host = await tctl([...base, '--hostname', 'pay.shop.example']);
    assert.match(
      host.stdout,
      /error 62: hostname mismatch\n {2}cause: `CN=web.shop.example` is not valid for the host name `pay.shop.example`: its DNS SANs are web.shop.example/,
    );
    for (const [flag, value, code] of [
      ['--verifier', 'boring', 'MB4700'],
      ['--ip', '10.0.0', 'MB4701'],
      ['--max-depth', 'x', 'MB4702'],
      ['--san', 'web', 'MB4703'],
    ]) {
      const bad = await tctl([...base, flag, value]);
      assert.equal(bad.code, 1, `${flag} ${value}`);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, new RegExp(`^Error: ${flag} "${value}" .*\\[${code}\\]\\nFix: `));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tctl x certs lint names near expiry, short keys, missing SKI/AKI, a CA without pathLen and two same-named roots with different keys, each with the verifiers it breaks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-lint-'));
  try {
    const r1 = ec();
    const r2 = ec();
    const ik = ec();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const roots = (await cert({ subject: 'CN=Mesh Root', key: r1, ca: true })) + (await cert({ subject: 'CN=Mesh Root', key: r2, ca: true }));
    const int = await cert({ subject: 'CN=Int', key: ik, ca: true, ski: false, issuer: { name: 'CN=Mesh Root', key: r2 } });
    const leaf = await cert({ subject: '', key: rsa, notAfter: '2026-06-10T00:00:00Z', aki: false, issuer: { name: 'CN=Int', key: ik } });
    writeFileSync(join(dir, 'roots.pem'), roots);
    writeFileSync(join(dir, 'chain.pem'), leaf + int);
    const r = await tctl(['x', 'certs', 'lint', join(dir, 'chain.pem'), join(dir, 'roots.pem'), '--at', AT, '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as { certificates: number; findings: { index: number; check: string; breaks: string[] }[] };
    assert.equal(j.certificates, 4);
    const by = (check: string) => j.findings.filter((f) => f.check === check).map((f) => [f.index, f.breaks]);
    assert.deepEqual(by('near-expiry'), [[1, ['openssl (Envoy)', 'webpki (ztunnel)', 'go (istiod)', 'chrome', 'pyca']]]);
    assert.deepEqual(by('short-key'), [[1, ['webpki (ztunnel)', 'pyca']]]);
    assert.deepEqual(by('missing-aki'), [[1, ['pyca', 'openssl (Envoy) during a rotation with two same-named issuers']]]);
    assert.deepEqual(by('missing-ski'), [[2, ['pyca']]]);
    assert.deepEqual(by('ca-without-pathlen'), [[2, []]]);
    assert.deepEqual(by('same-name-roots'), [[0, ['openssl (Envoy) for chains without AKI from the later root']]]);
    const clean = await tctl(['x', 'certs', 'lint', join(dir, 'roots.pem'), '--at', AT, '--expiry-warning', '1d']);
    assert.match(clean.stdout, /^1 finding\(s\) in 2 certificate\(s\) of 1 file\(s\):/);
    const bad = await tctl(['x', 'certs', 'lint', join(dir, 'roots.pem'), '--expiry-warning', 'soon']);
    assert.match(bad.stderr, /^Error: --expiry-warning "soon" is not a duration \[MB4705\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
