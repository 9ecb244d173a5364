// Differential test: every chain of the generated corpus is verified by meshbridge in-process and by
// the real `openssl verify` CLI; verdicts, error codes and depths must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateCorpus, kindOf, AT, type ChainCase } from '../support/pki-corpus.js';
import { generateEdgeCorpus } from './corpus-edge.js';
import { runOpenssl, type OpensslVerdict } from './openssl.js';
import { parseIp, verifyPem } from '../../src/pki/index.js';

async function pool<T, R>(items: readonly T[], width: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

function verifyCase(c: ChainCase) {
  return verifyPem({
    chain: c.leafPem + c.untrustedPem,
    roots: c.trustedPem ? c.trustedPem : [],
    at: AT,
    purpose: c.purpose,
    partialChain: c.partialChain,
    maxDepth: c.maxDepth,
    hostname: c.hostname,
    ip: c.ip === undefined ? undefined : parseIp(c.ip),
  });
}

async function opensslVerdicts(corpus: readonly ChainCase[], dir: string): Promise<OpensslVerdict[]> {
  return pool(corpus, 2, (c, i) => {
    const d = join(dir, String(i));
    mkdirSync(d);
    return runOpenssl(c, d);
  });
}

test('openssl verify and tctl agree on verdict, error code and depth for every chain of a ≥200-chain corpus with ≥12 failure kinds', async () => {
  const corpus: ChainCase[] = await generateCorpus(42);
  assert.ok(corpus.length >= 200, `corpus has ${corpus.length} chains`);
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-diff-'));
  try {
    const verdicts = await opensslVerdicts(corpus, dir);
    const failingKinds = new Set<string>();
    const mismatches: string[] = [];
    corpus.forEach((c, i) => {
      const o = verdicts[i];
      const r = verifyCase(c);
      if (!o.ok) failingKinds.add(kindOf(c));
      const ours = r.problems.map((p) => `error ${p.error} at ${p.depth}`).join('; ');
      const theirs = o.errors.map((e) => `error ${e.code} at ${e.depth}`).join('; ');
      if (r.ok !== o.ok) mismatches.push(`${c.id}: verdict ours=${r.ok} openssl=${o.ok} (${ours} | ${theirs})`);
      else if (c.kind === 'concatenated-pem') {
        // openssl either refuses the glued file or silently drops its certificates; tctl names the cause.
        if (r.problems[0]?.error !== 100) mismatches.push(`${c.id}: glued PEM not reported first (${ours})`);
      } else if (ours !== theirs) mismatches.push(`${c.id}: ours [${ours}] openssl [${theirs}]`);
    });
    assert.deepEqual(mismatches, []);
    assert.ok(failingKinds.size >= 12, `only ${failingKinds.size} failure kinds: ${[...failingKinds].join(', ')}`);
    for (const k of [
      'wrong-issuer-key-aki',
      'missing-intermediate',
      'untrusted-root',
      'expired',
      'not-yet-valid',
      'pathlen-root',
      'ca-false-intermediate',
      'no-keycertsign',
      'wrong-eku-leaf',
      'name-constraints-permitted',
      'bad-signature',
      'root-only-untrusted',
      'concatenated-pem',
    ]) {
      assert.ok(failingKinds.has(k), `failure kind ${k} missing from the corpus`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openssl verify and tctl agree on the drift cases of issue 15: directoryName constraints, invalid IP SANs, duplicate extensions, the name-constraint work limit, empty names, cross-signed/rolled-over roots, -partial_chain, -verify_depth, -verify_hostname and -verify_ip', async () => {
  const corpus = await generateEdgeCorpus(15);
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-edge-'));
  try {
    const verdicts = await opensslVerdicts(corpus, dir);
    const mismatches: string[] = [];
    const seen = new Map<string, { ok: number; failed: number; codes: Set<number> }>();
    corpus.forEach((c, i) => {
      const o = verdicts[i];
      assert.equal(o.loadError, false, `${c.id}: openssl could not load the files: ${o.output}`);
      const r = verifyCase(c);
      const ours = r.problems.map((p) => `error ${p.error} at ${p.depth}`).join('; ');
      const theirs = o.errors.map((e) => `error ${e.code} at ${e.depth}`).join('; ');
      if (r.ok !== o.ok || ours !== theirs) mismatches.push(`${c.id}: ours ${r.ok} [${ours}] openssl ${o.ok} [${theirs}]`);
      const k = seen.get(c.kind) ?? { ok: 0, failed: 0, codes: new Set<number>() };
      if (o.ok) k.ok++;
      else k.failed++;
      o.errors.forEach((e) => k.codes.add(e.code));
      seen.set(c.kind, k);
    });
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${corpus.length} disagree`);
    // Every case of the issue is present, and fails (or passes) in openssl the way its name says.
    const expectFail: Record<string, number> = {
      'dirname-permitted-violation': 47,
      'dirname-excluded': 48,
      'dirname-permitted-leaf-subject': 47,
      'ip-san-not-an-address': 53,
      'ip-san-not-an-address-excluded': 53,
      'ip-san-v6-under-v4-constraint': 47,
      'duplicate-extension-leaf': 20,
      'duplicate-extension-intermediate': 20,
      'duplicate-extension-root': 20,
      'name-constraints-work-limit': 1,
      'rolled-over-root-old-first-no-aki': 7,
      'cross-signed-self-signed-first-no-aki': 19,
      'intermediate-anchor': 2,
      'expired-intermediate-anchor-partial-chain': 10,
      'max-depth': 22,
      'max-depth-untrusted-root': 22,
      'hostname-mismatch': 62,
      'hostname-wildcard-two-labels': 62,
      'hostname-wildcard-under-tld': 62,
      'hostname-spiffe-leaf': 62,
      'ip-mismatch': 64,
      'ip-not-in-dns-san': 64,
      'hostname-mismatch-expired-leaf': 62,
    };
    for (const [kind, code] of Object.entries(expectFail)) {
      const k = seen.get(kind);
      assert.ok(
        k && k.failed > 0 && k.ok === 0 && k.codes.has(code),
        `${kind}: expected openssl to fail with ${code}, got ${JSON.stringify(k && { ...k, codes: [...k.codes] })}`,
      );
    }
    for (const kind of [
      'ok-dirname-permitted',
      'ok-ip-san-not-an-address-unconstrained',
      'ok-name-constraints-at-work-limit',
      'ok-empty-intermediate-subject',
      'ok-empty-root-subject',
      'ok-cross-signed-root-no-aki',
      'ok-rolled-over-root-new-first-no-aki',
      'ok-intermediate-anchor-partial-chain',
      'ok-leaf-anchor-partial-chain',
      'ok-max-depth',
      'ok-hostname-exact',
      'ok-hostname-wildcard',
      'ok-hostname-partial-wildcard',
      'ok-hostname-cn-fallback',
      'ok-ip-exact',
    ]) {
      const k = seen.get(kind);
      assert.ok(k && k.ok > 0 && k.failed === 0, `${kind}: expected openssl to accept it, got ${JSON.stringify(k && { ...k, codes: [...k.codes] })}`);
    }
    console.log(`edge corpus: ${corpus.length} chains, ${seen.size} kinds, ${corpus.length - mismatches.length} agree with openssl verify`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
