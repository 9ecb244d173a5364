// The strict-verifier corpus (test/pki/corpus-strict.ts): for every rule of issue 15 a chain that
// breaks it and a close variant that does not. Each case asserts the strict verdict and the named
// rule, which verifier rows reject it, and — through the real `openssl verify` — that the default
// (openssl) verifier still agrees with OpenSSL on every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateStrictCorpus } from './corpus-strict.js';
import { AT } from '../support/pki-corpus.js';
import { runOpenssl } from './openssl.js';
import { verifyWith, STRICT_RULES, STRICT_VERIFIERS, type VerdictRow } from '../../src/pki/index.js';

const ISSUE_RULES = [
  'aki-missing',
  'ski-missing',
  'name-constraints-not-critical',
  'name-constraints-directory-name',
  'name-constraints-in-leaf',
  'san-invalid-under-constraint',
  'root-basic-constraints',
  'keycertsign-in-leaf',
  'duplicate-extension',
  'sha1-signature',
  'rsa-key-too-small',
  'policy-qualifier-unknown',
  'server-gated-crypto-eku',
];

test("strict corpus: every rule of issue 15 has failing and passing chains; the strict row names the rule, each verifier row follows the rule's attribution, and the openssl row agrees with the real openssl verify on all of them", async () => {
  const corpus = await generateStrictCorpus();
  const dir = mkdtempSync(join(tmpdir(), 'mb-pki-strict-'));
  const failures: string[] = [];
  const named = new Set<string>();
  let valid = 0;
  let opensslAgree = 0;
  try {
    for (const [i, { c, rule, opensslOk }] of corpus.entries()) {
      const d = join(dir, String(i));
      mkdirSync(d);
      const o = await runOpenssl(c, d);
      const r = verifyWith({
        chain: c.leafPem + c.untrustedPem,
        roots: c.trustedPem || [],
        at: AT,
        purpose: c.purpose,
        partialChain: c.partialChain,
        verifier: 'all',
      });
      const row = (v: string) => r.rows.find((x) => x.verifier === v) as VerdictRow;
      const strict = row('strict');
      const ours = row('openssl')
        .findings.map((f) => `${f.error}@${f.depth}`)
        .join(' ');
      const theirs = o.errors.map((e) => `${e.code}@${e.depth}`).join(' ');
      if (o.ok !== opensslOk) failures.push(`${c.id}: openssl verify said ${o.ok}, the case expects ${opensslOk} (${o.output.trim()})`);
      if (row('openssl').ok !== o.ok || ours !== theirs) failures.push(`${c.id}: openssl row [${ours}] vs openssl verify [${theirs}]`);
      else opensslAgree++;
      if (rule === null) {
        valid++;
        if (!strict.ok) failures.push(`${c.id}: strict should accept, found ${strict.findings.map((f) => f.error).join(', ')}`);
      } else {
        named.add(rule);
        if (strict.ok || !strict.findings.some((f) => f.error === rule))
          failures.push(`${c.id}: strict should name ${rule}, found ${strict.findings.map((f) => f.error).join(', ') || 'nothing'}`);
      }
      for (const v of STRICT_VERIFIERS) {
        const enforced = strict.findings.some((f) => {
          const def = Object.values(STRICT_RULES).find((x) => x.id === f.error);
          return def !== undefined && (def.verifiers as readonly string[]).some((w) => w === 'all' || w === v);
        });
        if (row(v).ok === enforced) failures.push(`${c.id}: row ${v} ok=${row(v).ok} but its rules ${enforced ? 'reject' : 'accept'}`);
      }
      for (const f of r.rows.flatMap((x) => x.findings)) {
        if (!(f.cause && f.fix && f.name && f.error !== '' && f.depth >= 0)) failures.push(`${c.id}: finding without the full shape ${JSON.stringify(f)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(
      ISSUE_RULES.filter((x) => !named.has(x)),
      [],
      'rules of the issue without a failing chain',
    );
    assert.ok(valid >= 15, `only ${valid} passing variants`);
    console.log(
      `strict corpus: ${corpus.length} chains (${corpus.length - valid} breaking ${named.size} rules, ${valid} passing); openssl row = openssl verify on ${opensslAgree}/${corpus.length}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('"Envoy accepts, ztunnel rejects" and the reverse are visible per row: SHA-1 and SGC chains pass openssl and fail webpki; a rolled-over root listed first fails openssl and passes every strict profile', async () => {
  const corpus = await generateStrictCorpus(77);
  const verdicts = (kind: string) => {
    const { c } = corpus.find((x) => x.c.kind === kind) ?? assert.fail(`no ${kind}`);
    const r = verifyWith({ chain: c.leafPem + c.untrustedPem, roots: c.trustedPem || [], at: AT, purpose: c.purpose, verifier: 'all' });
    return Object.fromEntries(r.rows.map((x) => [x.verifier, x.ok]));
  };
  assert.deepEqual(verdicts('sha1-signed-leaf'), { openssl: true, strict: false, webpki: false, go: false, chrome: false, pyca: false });
  assert.deepEqual(verdicts('server-gated-crypto-eku'), { openssl: true, strict: false, webpki: false, go: true, chrome: false, pyca: true });
  assert.deepEqual(verdicts('rsa-1024-leaf'), { openssl: true, strict: false, webpki: false, go: true, chrome: true, pyca: false });
  assert.deepEqual(verdicts('paths-ok-rolled-over-root-old-first'), { openssl: true, strict: true, webpki: true, go: true, chrome: true, pyca: true });
  assert.deepEqual(verdicts('paths-rolled-over-root-old-first-no-aki'), { openssl: false, strict: false, webpki: true, go: true, chrome: true, pyca: false });
  assert.deepEqual(verdicts('paths-cross-signed-self-signed-first'), { openssl: false, strict: true, webpki: true, go: true, chrome: true, pyca: true });
});
