// Fuzz: 10,500 deterministic mutations of PEM, DER and config-dump JSON inputs. Each must either
// be accepted or fail with a MeshError from the catalogue — never another exception, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MeshError } from '../api/index.js';
import { sharedDir } from '../../test/support/shared.js';
import { deterministicKey } from '../../test/support/pki-corpus.js';
import { createCertificate } from './issue.js';
import { toPem } from './pem.js';
import { KU } from './certificate.js';
import { verifyPem } from './verify-pem.js';
import { parseSecretDump, workloadSecrets, rootsPem } from './config-dump.js';
import { formatSecretTable } from './secret-table.js';
import { parseRoots, parseWorkloadRoots } from './rootca.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AT = new Date('2026-01-01T00:00:00Z');

async function seedChain(): Promise<{ pem: string; ders: Uint8Array[] }> {
  // Seeded keys so the same certificates are mutated on every run (only ECDSA's nonce varies).
  const r = deterministicKey(7001);
  const l = deterministicKey(7002);
  const rootKey = { publicKey: r.pub, privateKey: r.priv };
  const leafKey = { publicKey: l.pub, privateKey: l.priv };
  const base = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') };
  const root = await createCertificate({
    ...base,
    subject: 'CN=Fuzz Root',
    publicKey: rootKey.publicKey,
    signingKey: rootKey.privateKey,
    serialHex: '01',
    basicConstraints: { ca: true },
    keyUsage: KU.keyCertSign,
    nameConstraints: { permitted: [{ type: 'uri', value: 'cluster.local' }] },
  });
  const leaf = await createCertificate({
    ...base,
    subject: '',
    issuer: 'CN=Fuzz Root',
    publicKey: leafKey.publicKey,
    signingKey: rootKey.privateKey,
    serialHex: '02',
    sans: [
      { type: 'uri', value: 'spiffe://cluster.local/ns/a/sa/b' },
      { type: 'dns', value: 'a.b' },
    ],
    sanCritical: true,
  });
  return { pem: toPem(leaf) + toPem(root), ders: [leaf, root] };
}

function mutateText(s: string, r: () => number): string {
  const pick = Math.floor(r() * 7);
  const at = Math.floor(r() * s.length);
  const chars = 'A/+=-\n \t{}[]":,0x\u0000é';
  switch (pick) {
    case 0:
      return s.slice(0, at) + chars[Math.floor(r() * chars.length)] + s.slice(at + 1);
    case 1:
      return s.slice(0, at);
    case 2:
      return s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 40));
    case 3:
      return s.slice(0, at) + s.slice(Math.floor(r() * s.length));
    case 4:
      return s.replace('\n-----BEGIN', '-----BEGIN');
    case 5:
      return s.slice(0, at) + s.slice(at, at + 200) + s.slice(at);
    default:
      return s
        .split('')
        .map((c) => (r() < 0.01 ? chars[Math.floor(r() * chars.length)] : c))
        .join('');
  }
}

function mutateBytes(b: Uint8Array, r: () => number): Uint8Array {
  const out = new Uint8Array(b);
  const pick = Math.floor(r() * 4);
  const at = Math.floor(r() * out.length);
  if (pick === 0) out[at] ^= 1 << Math.floor(r() * 8);
  else if (pick === 1) return out.subarray(0, at);
  else if (pick === 2) out[at] = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff][Math.floor(r() * 6)];
  else for (let i = 0; i < 1 + Math.floor(r() * 8); i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  return out;
}

function mutateJson(v: unknown, r: () => number, depth = 0): unknown {
  if (Array.isArray(v)) return r() < 0.1 ? {} : v.map((x) => mutateJson(x, r, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = r();
      if (p < 0.05) continue;
      if (p < 0.08) out[k] = [null, 1, 'x', [], {}, true][Math.floor(r() * 6)];
      else out[k] = mutateJson(x, r, depth + 1);
    }
    return out;
  }
  if (typeof v === 'string' && v.length > 40 && r() < 0.3) {
    return r() < 0.5 ? Buffer.from(mutateText(Buffer.from(v, 'base64').toString('utf8'), r)).toString('base64') : mutateText(v, r);
  }
  return v;
}

/** Runs `fn`; returns the error class name when it throws something that is not a MeshError. */
function outcome(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof MeshError ? undefined : `${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
  }
}

test('10,500 mutated PEM, DER and config-dump JSON inputs each end in success or a MeshError, none takes longer than 2 s (no hang)', async () => {
  const r = rng(20261125);
  const { pem, ders } = await seedChain();
  const dumps = ['istio', 'spire'].map((n) => readFileSync(sharedDir('data', 'istio', 'config-dumps', n, 'config_dump.json'), 'utf8'));
  const failures: string[] = [];
  let slowest = 0;
  let count = 0;
  let meshErrors = 0;
  const run = (label: string, fn: () => unknown) => {
    const t = performance.now();
    let bad: string | undefined;
    try {
      fn();
    } catch (e) {
      if (e instanceof MeshError) {
        meshErrors++;
        assert.ok(e.message.length > 10 && e.fix.length > 10, `${label}: MeshError without message/fix`);
      } else bad = `${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
    }
    slowest = Math.max(slowest, performance.now() - t);
    count++;
    if (bad && failures.length < 10) failures.push(`${label}: ${bad}`);
  };
  for (let i = 0; i < 4000; i++) {
    const text = mutateText(pem, r);
    run(`pem#${i}`, () => verifyPem({ chain: text, roots: i % 2 ? text : undefined, at: AT, purpose: i % 3 ? 'server' : undefined }));
  }
  for (let i = 0; i < 3500; i++) {
    const der = mutateBytes(ders[i % 2], r);
    run(`der#${i}`, () => verifyPem({ chain: der, roots: [], at: AT }));
  }
  for (let i = 0; i < 3000; i++) {
    const base = JSON.parse(dumps[i % 2]) as unknown;
    const text = i % 4 === 0 ? mutateText(dumps[i % 2], r) : JSON.stringify(mutateJson(base, r));
    run(`json#${i}`, () => {
      const d = parseSecretDump(text, 'dump');
      formatSecretTable(d, AT);
      const { roots } = workloadSecrets(d);
      if (roots) parseRoots(rootsPem(roots), 'roots');
      parseWorkloadRoots(JSON.stringify([{ workload: 'w', roots: roots ? rootsPem(roots) : '' }]), 'w.json');
    });
  }
  assert.equal(
    outcome(() => undefined),
    undefined,
  );
  assert.deepEqual(failures, []);
  assert.equal(count, 10_500);
  assert.ok(meshErrors > 3000, `only ${meshErrors} inputs were rejected: the mutations are too weak`);
  assert.ok(slowest < 2000, `slowest input took ${slowest.toFixed(1)} ms`);
});
