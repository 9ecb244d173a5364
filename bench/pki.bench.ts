// Chains verified per second: meshbridge in-process (PEM parsing + path validation + explanations)
// against the baseline users run today, one `openssl verify` process per chain, on the same
// generated corpora (test/support/pki-corpus.ts, test/pki/corpus-edge.ts and corpus-strict.ts; ~420 chains), also with
// --verifier all (six rows per chain). Bounded: a fixed number of
// in-process rounds and one openssl pass.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateCorpus, AT } from '../test/support/pki-corpus.js';
import { runOpenssl } from '../test/pki/openssl.js';
import { verifyPem, verifyWith } from '../src/pki/index.js';
import { generateEdgeCorpus } from '../test/pki/corpus-edge.js';
import { generateStrictCorpus } from '../test/pki/corpus-strict.js';

const ROUNDS = Number(process.env.PKI_BENCH_ROUNDS ?? 5);

// The main corpus plus the issue-15 drift and strict corpora (the work-limit chains excluded: their
// 1M name comparisons would dominate the rate).
const corpus = [
  ...(await generateCorpus(42)),
  ...(await generateEdgeCorpus(15)).filter((c) => !c.kind.includes('work-limit')),
  ...(await generateStrictCorpus()).map((x) => x.c).filter((c) => !c.kind.includes('work-')),
];
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; corpus ${corpus.length} chains`);

// Warm-up so JIT compilation is not measured.
for (const c of corpus.slice(0, 40)) verifyPem({ chain: c.leafPem + c.untrustedPem, roots: c.trustedPem || [], at: AT, purpose: c.purpose });

let verified = 0;
let failed = 0;
const t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  for (const c of corpus) {
    const res = verifyPem({ chain: c.leafPem + c.untrustedPem, roots: c.trustedPem || [], at: AT, purpose: c.purpose });
    if (res.ok) verified++;
    else failed++;
  }
}
const inMs = performance.now() - t0;
const inRate = (ROUNDS * corpus.length) / (inMs / 1000);
console.log(`in-process: ${ROUNDS * corpus.length} chains in ${inMs.toFixed(0)} ms = ${inRate.toFixed(0)} chains/s (${verified} ok, ${failed} failed)`);

// --verifier all: the openssl model plus strict path building and validation and the four profiles.
for (const c of corpus.slice(0, 40)) verifyWith({ chain: c.leafPem + c.untrustedPem, roots: c.trustedPem || [], at: AT, purpose: c.purpose, verifier: 'all' });
let allOk = 0;
const ta = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  for (const c of corpus) {
    const res = verifyWith({
      chain: c.leafPem + c.untrustedPem,
      roots: c.trustedPem || [],
      at: AT,
      purpose: c.purpose,
      partialChain: c.partialChain,
      maxDepth: c.maxDepth,
      verifier: 'all',
    });
    if (res.ok) allOk++;
  }
}
const allMs = performance.now() - ta;
const allRate = (ROUNDS * corpus.length) / (allMs / 1000);
console.log(
  `in-process --verifier all (6 rows): ${ROUNDS * corpus.length} chains in ${allMs.toFixed(0)} ms = ${allRate.toFixed(0)} chains/s (${allOk} ok on every row)`,
);

const dir = mkdtempSync(join(tmpdir(), 'mb-pki-bench-'));
try {
  const t1 = performance.now();
  let i = 0;
  for (const c of corpus) {
    const d = join(dir, String(i++));
    mkdirSync(d);
    await runOpenssl(c, d);
  }
  const osMs = performance.now() - t1;
  const osRate = corpus.length / (osMs / 1000);
  console.log(
    `openssl verify (one process per chain, as check-chain.sh does): ${corpus.length} chains in ${osMs.toFixed(0)} ms = ${osRate.toFixed(0)} chains/s`,
  );
  console.log(`ratio in-process / openssl CLI: ${(inRate / osRate).toFixed(2)}x`);
  console.log(`ratio --verifier all / openssl CLI: ${(allRate / osRate).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
