// Differential test: every chain of the generated corpus is verified by meshbridge in-process and by
// the real `openssl verify` CLI; verdicts, error codes and depths must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateCorpus, kindOf, AT, type ChainCase } from '../support/pki-corpus.js';
import { runOpenssl, type OpensslVerdict } from './openssl.js';
import { verifyPem } from '../../src/pki/index.js';

async function pool<T, R>(items: readonly T[], width: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

test('openssl verify and tctl agree on verdict, error code and depth for every chain of a ≥200-chain corpus with ≥12 failure kinds', async () => {
  const corpus: ChainCase[] = await generateCorpus(42);
  assert.ok(corpus.length >= 200, `corpus has ${corpus.length} chains`);
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-diff-'));
  try {
    const verdicts: OpensslVerdict[] = await pool(corpus, 2, (c, i) => {
      const d = join(dir, String(i));
      mkdirSync(d);
      return runOpenssl(c, d);
    });
    const failingKinds = new Set<string>();
    const mismatches: string[] = [];
    corpus.forEach((c, i) => {
      const o = verdicts[i];
      const r = verifyPem({ chain: c.leafPem + c.untrustedPem, roots: c.trustedPem ? c.trustedPem : [], at: AT, purpose: c.purpose });
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
    for (const k of ['wrong-issuer-key-aki', 'missing-intermediate', 'untrusted-root', 'expired', 'not-yet-valid', 'pathlen-root', 'ca-false-intermediate', 'no-keycertsign', 'wrong-eku-leaf', 'name-constraints-permitted', 'bad-signature', 'root-only-untrusted', 'concatenated-pem']) {
      assert.ok(failingKinds.has(k), `failure kind ${k} missing from the corpus`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
