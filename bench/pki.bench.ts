// Chains verified per second: meshbridge in-process (PEM parsing + path validation + explanations)
// against the baseline users run today, one `openssl verify` process per chain, on the same
// generated corpus (test/pki/corpus.ts, ~270 chains over 20 kinds). Bounded: a fixed number of
// in-process rounds and one openssl pass.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateCorpus, AT } from '../test/support/pki-corpus.js';
import { runOpenssl } from '../test/pki/openssl.js';
import { verifyPem } from '../src/pki/index.js';

const ROUNDS = Number(process.env.PKI_BENCH_ROUNDS ?? 5);

const corpus = await generateCorpus(42);
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
  console.log(`openssl verify (one process per chain, as check-chain.sh does): ${corpus.length} chains in ${osMs.toFixed(0)} ms = ${osRate.toFixed(0)} chains/s`);
  console.log(`ratio in-process / openssl CLI: ${(inRate / osRate).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
