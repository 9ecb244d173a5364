// `--verifier openssl|strict|all` (and the single profiles webpki, go, chrome, pyca): one row per
// verifier with its verdict and findings, every finding in the same shape (depth, subject or SPIFFE
// ID, error, cause, fix). The openssl row is verify.ts (what Envoy's BoringSSL decides); the others
// are strict.ts with all rules (strict) or the rules one verifier enforces.
import { displayName, type CertInfo } from './certificate.js';
import { OPENSSL_REASONS } from './explain.js';
import { hostnameMatchesRfc6125, ipMatches, sanMatches } from './names.js';
import { verifyStrict, type StrictFinding } from './strict.js';
import { STRICT_RULES, STRICT_VERIFIERS, explainRule, verifierList, type StrictRule, type StrictVerifier } from './strict-rules.js';
import { verifyPem, type VerifyPemInput, type VerifyPemResult } from './verify-pem.js';

export type VerifierName = 'openssl' | 'strict' | StrictVerifier;
export type VerifierChoice = VerifierName | 'all';
export const VERIFIER_CHOICES: readonly VerifierChoice[] = ['openssl', 'strict', 'all', ...STRICT_VERIFIERS];

/** What each row stands for. */
export const VERIFIER_LABELS: Readonly<Record<VerifierName, string>> = {
  openssl: 'Envoy (BoringSSL/OpenSSL X509_verify_cert, as `openssl verify`)',
  strict: 'every strict rule (RFC 5280 as the strictest verifier applies it)',
  webpki: 'ztunnel (rustls-webpki)',
  go: 'istiod and Go clients (Go crypto/x509)',
  chrome: 'Chrome (Chromium certificate verifier)',
  pyca: 'pyca/cryptography (literal RFC 5280)',
};

/** One finding, in the shape `tctl x certs verify` has always printed. */
export interface Finding {
  readonly depth: number;
  readonly name: string;
  /** OpenSSL's error number (openssl row) or the strict rule id. */
  readonly error: number | string;
  readonly reason: string;
  readonly cause: string;
  readonly fix: string;
  /** Strict rows: where the rule is written and who enforces it. */
  readonly rfc?: string;
  readonly enforcedBy?: string;
}

/** One verifier's verdict. */
export interface VerdictRow {
  readonly verifier: VerifierName;
  readonly label: string;
  readonly ok: boolean;
  readonly chain: readonly CertInfo[];
  readonly findings: readonly Finding[];
}

/** Inputs: the PEM inputs plus the peer-name checks. */
export interface MultiVerifyInput extends VerifyPemInput {
  readonly verifier?: VerifierChoice;
  /** --san: the SPIFFE ID (URI SAN) the leaf must carry, as Envoy's match_typed_subject_alt_names. */
  readonly san?: string;
}

export interface MultiVerifyResult {
  readonly ok: boolean;
  readonly rows: readonly VerdictRow[];
  /** The OpenSSL-model result (always computed: it reads the inputs). */
  readonly openssl: VerifyPemResult;
  /** The OpenSSL model's warnings plus flags that had no effect on the chosen verifiers. */
  readonly warnings: readonly string[];
}

/** Runs the chosen verifier(s); ok only when every row is ok. */
export function verifyWith(input: MultiVerifyInput): MultiVerifyResult {
  const choice = input.verifier ?? 'openssl';
  const o = verifyPem(input);
  const names: VerifierName[] = choice === 'all' ? ['openssl', 'strict', ...STRICT_VERIFIERS] : [choice];
  const rows = names.map((v) => (v === 'openssl' ? opensslRow(o, input) : strictRow(v, o, input)));
  const warnings = [...o.warnings];
  if (input.partialChain && !names.includes('openssl'))
    warnings.push('--partial-chain only changes the openssl verifier: strict verifiers always treat every --roots certificate as a trust anchor');
  return { ok: rows.every((r) => r.ok), rows, openssl: o, warnings };
}

function opensslRow(o: VerifyPemResult, input: MultiVerifyInput): VerdictRow {
  const findings: Finding[] = o.problems.map((p) => ({
    depth: p.depth,
    name: p.name,
    error: p.error,
    reason: OPENSSL_REASONS[p.error] ?? '',
    cause: p.cause,
    fix: p.fix,
  }));
  const san = sanFinding(o.leaf, input.san);
  if (san) findings.push(san);
  return { verifier: 'openssl', label: VERIFIER_LABELS.openssl, ok: findings.length === 0, chain: o.chain, findings };
}

function strictRow(v: StrictVerifier | 'strict', o: VerifyPemResult, input: MultiVerifyInput): VerdictRow {
  const r = verifyStrict({ leaf: o.leaf, untrusted: o.untrusted, trusted: o.trusted, at: input.at, purpose: input.purpose, maxDepth: input.maxDepth }, v);
  const findings: Finding[] = r.problems.map(fromStrict);
  const leaf = o.leaf;
  if (input.hostname !== undefined && !hostnameMatchesRfc6125(leaf, input.hostname))
    findings.push(
      nameFinding(
        STRICT_RULES.hostname,
        leaf,
        `is not valid for ${input.hostname}: its DNS SANs are ${list(leaf, 'dns')} (no CN fallback; a wildcard covers exactly one left-most label)`,
      ),
    );
  if (input.ip !== undefined && !ipMatches(leaf, input.ip))
    findings.push(nameFinding(STRICT_RULES.ip, leaf, `has no IP SAN equal to the address: its IP SANs are ${list(leaf, 'ip')}`));
  const san = sanFinding(leaf, input.san);
  if (san) findings.push(san);
  return { verifier: v, label: VERIFIER_LABELS[v], ok: findings.length === 0, chain: r.chain, findings };
}

function fromStrict(f: StrictFinding): Finding {
  return {
    depth: f.depth,
    name: f.name,
    error: f.rule.id,
    reason: f.rule.summary,
    cause: f.cause,
    fix: f.fix,
    rfc: f.rule.rfc,
    enforcedBy: verifierList(f.rule),
  };
}

function nameFinding(rule: StrictRule, leaf: CertInfo, what: string): Finding {
  const e = explainRule(rule, leaf, 0, 1);
  return {
    depth: 0,
    name: displayName(leaf),
    error: rule.id,
    reason: rule.summary,
    cause: `the leaf ${displayName(leaf)} ${what}`,
    fix: e.fix === 'see docs/pki.md' ? 'connect with a name the certificate holds, or re-issue it with that name as a SAN' : e.fix,
    rfc: rule.rfc,
    enforcedBy: verifierList(rule),
  };
}

/** Envoy's match_typed_subject_alt_names (URI, exact): expected vs present IDs. */
function sanFinding(leaf: CertInfo, expected: string | undefined): Finding | undefined {
  if (expected === undefined) return undefined;
  const m = sanMatches(leaf, expected);
  if (m.ok) return undefined;
  const rule = STRICT_RULES.san;
  return {
    depth: 0,
    name: displayName(leaf),
    error: rule.id,
    reason: 'SAN mismatch',
    cause: `expected the SPIFFE ID ${expected}, present: ${m.present.length ? m.present.join(', ') : 'no URI SAN'}${m.present.some((p) => p.toLowerCase() === expected.toLowerCase()) ? ' (differs only in case: the match is exact)' : ''}`,
    fix: m.present.length
      ? `make the caller expect ${m.present[0]} (DestinationRule subjectAltNames / the peer's service account), or run the workload as the service account of ${expected}`
      : 'issue the workload certificate from the mesh CA (it carries the SPIFFE ID as a URI SAN)',
    rfc: rule.rfc,
    enforcedBy: 'Envoy (SAN matcher), ztunnel (SPIFFE identity check)',
  };
}

function list(c: CertInfo, type: string): string {
  const v = c.sans.filter((s) => s.type === type).map((s) => s.value);
  return v.length ? v.join(', ') : 'none';
}
