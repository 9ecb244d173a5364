// `--verifier strict`: path building as strict verifiers do it (every candidate issuer with the
// right name and a valid signature is tried, depth first, trusted candidates first, so cross-signed
// and rolled-over roots are found; every certificate of --roots is a trust anchor, self-signed or
// not), then RFC 5280 validation of each complete path with the rules of strict-rules.ts. The first
// path without findings wins; otherwise the path with the fewest findings is reported.
import { KU, EKU, signatureValid, displayName, type CertInfo } from './certificate.js';
import { checkConstrainedNames } from './name-constraints.js';
import { children, decodeOid, readTlv } from './der.js';
import { extName } from './explain.js';
import { STRICT_RULES, enforces, explainRule, type StrictRule, type StrictVerifier } from './strict-rules.js';
import type { VerifyInput } from './verify.js';

/** One strict finding: the shape of an OpenSSL problem, with the rule and who enforces it. */
export interface StrictFinding {
  readonly rule: StrictRule;
  readonly depth: number;
  readonly cert?: CertInfo;
  readonly name: string;
  readonly cause: string;
  readonly fix: string;
}

export interface StrictResult {
  readonly ok: boolean;
  readonly chain: readonly CertInfo[];
  readonly problems: readonly StrictFinding[];
  /** Complete paths (leaf to a trusted certificate) that were built and validated. */
  readonly pathsTried: number;
}

const MAX_PATHS = 64;
const MAX_SIGNATURE_CHECKS = 256;
const SHA1 = new Set(['1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);
const SGC: readonly string[] = [EKU.nsSgc, EKU.msSgc];
const QUALIFIERS = new Set(['1.3.6.1.5.5.7.2.1', '1.3.6.1.5.5.7.2.2']);

/** Validates with every rule (`strict`) or only the rules one verifier enforces. */
export function verifyStrict(input: VerifyInput, profile: StrictVerifier | 'strict' = 'strict'): StrictResult {
  const paths = buildPaths(input);
  if (paths.length === 0) {
    const top = longestPartial(input);
    const c = top[top.length - 1];
    const rule = STRICT_RULES.noPath;
    return { ok: false, chain: top, pathsTried: 0, problems: [{ rule, depth: top.length - 1, cert: c, name: displayName(c), ...noPathCause(input, c) }] };
  }
  let best: { chain: CertInfo[]; problems: StrictFinding[] } | undefined;
  for (const p of paths) {
    const problems = validatePath(p, input).filter((f) => enforces(f.rule, profile));
    if (problems.length === 0) return { ok: true, chain: p, problems, pathsTried: paths.length };
    if (!best || problems.length < best.problems.length) best = { chain: p, problems };
  }
  const b = best as { chain: CertInfo[]; problems: StrictFinding[] };
  return { ok: false, chain: b.chain, problems: b.problems, pathsTried: paths.length };
}

/** Every path leaf → trusted certificate, depth first, trusted candidates before untrusted. */
function buildPaths(input: VerifyInput): CertInfo[][] {
  const { leaf, trusted, untrusted } = input;
  const limit = (input.maxDepth ?? 100) + 2;
  const out: CertInfo[][] = [];
  let checks = 0;
  if (trusted.some((t) => t.fingerprint256 === leaf.fingerprint256)) out.push([leaf]);
  const trustedSet = new Set(trusted.map((t) => t.fingerprint256));
  const all = [...trusted, ...untrusted.filter((u) => !trustedSet.has(u.fingerprint256))];
  const walk = (path: CertInfo[]): void => {
    const x = path[path.length - 1];
    if (out.length >= MAX_PATHS || path.length >= limit) return;
    const candidates = all
      .filter(
        (c) =>
          c.subjectKey === x.issuerKey &&
          !path.some((p) => p.fingerprint256 === c.fingerprint256 || (p.subjectKey === c.subjectKey && p.keyAlg === c.keyAlg && sameKey(p, c))),
      )
      .sort((a, b) => rank(a, x, trustedSet) - rank(b, x, trustedSet));
    for (const c of candidates) {
      if (checks++ >= MAX_SIGNATURE_CHECKS) return;
      if (!signatureValid(x, c)) continue;
      const next = [...path, c];
      if (trustedSet.has(c.fingerprint256)) out.push(next);
      else walk(next);
    }
  };
  walk([leaf]);
  return out;
}

function sameKey(a: CertInfo, b: CertInfo): boolean {
  return a.ski !== undefined && a.ski === b.ski;
}

function rank(c: CertInfo, x: CertInfo, trusted: ReadonlySet<string>): number {
  const akiMismatch = x.akiKeyId !== undefined && c.ski !== undefined && x.akiKeyId !== c.ski ? 2 : 0;
  return (trusted.has(c.fingerprint256) ? 0 : 1) + akiMismatch;
}

/** For "no path": the chain as far as it can be followed by name, for the report. */
function longestPartial(input: VerifyInput): CertInfo[] {
  const path = [input.leaf];
  const pool = [...input.untrusted];
  for (;;) {
    const x = path[path.length - 1];
    const i = pool.findIndex((c) => c.subjectKey === x.issuerKey && signatureValid(x, c) && !path.includes(c));
    if (i < 0) return path;
    path.push(pool[i]);
    pool.splice(i, 1);
  }
}

function noPathCause(input: VerifyInput, c: CertInfo): { cause: string; fix: string } {
  const named = [...input.trusted, ...input.untrusted].filter((t) => t.subjectKey === c.issuerKey && t !== c);
  if (c.selfIssued && input.trusted.length && !input.trusted.some((t) => t.fingerprint256 === c.fingerprint256)) {
    return {
      cause: `the path ends in ${q(displayName(c))}, which is not among the trusted roots`,
      fix: `give both sides the same root-cert.pem, or add ${q(c.subject)} to --roots`,
    };
  }
  if (named.length) {
    return {
      cause: `${named.length} certificate(s) named ${q(c.issuer)} were tried as the issuer of ${q(displayName(c))} and none of their keys verifies its signature (${named.map((n) => `sha256:${n.fingerprint256.slice(0, 16)}…`).join(', ')})`,
      fix: `distribute the ${q(c.issuer)} that signed it, or re-issue ${q(displayName(c))} from the current one`,
    };
  }
  return {
    cause: `no certificate named ${q(c.issuer)} (the issuer of ${q(displayName(c))}) is in the chain or the trusted roots`,
    fix: `append the intermediate ${q(c.issuer)} to the chain, or add the root to --roots`,
  };
}

const q = (s: string) => `\`${s || '(empty)'}\``;

/** All findings of one complete path (leaf first, anchor last). */
export function validatePath(path: readonly CertInfo[], input: VerifyInput): StrictFinding[] {
  const out: StrictFinding[] = [];
  const n = path.length;
  const add = (rule: StrictRule, depth: number, detail = '') => {
    const c = path[depth];
    out.push({ rule, depth, cert: c, name: displayName(c), ...explainRule(rule, c, depth, n, detail) });
  };
  const at = input.at.getTime();
  const R = STRICT_RULES;
  for (let i = 0; i < n; i++) {
    const c = path[i];
    const anchor = i === n - 1 && n > 1;
    const isCa = c.basicConstraints?.ca === true;
    if (c.duplicateExtensions.length) add(R.duplicateExtension, i, c.duplicateExtensions.map(extName).join(', '));
    if (i < n - 1 && SHA1.has(c.sigAlgOid)) add(R.sha1, i, c.sigAlgOid);
    if (c.keyAlg === 'rsa' && c.keyBits !== undefined && c.keyBits < 2048) add(R.rsaSmall, i, String(c.keyBits));
    if (c.notBefore.getTime() > at) add(R.expired, i, `is not valid before ${c.notBefore.toISOString()}`);
    if (c.notAfter.getTime() <= at) add(R.expired, i, `expired at ${c.notAfter.toISOString()}`);
    const unknown = c.unhandledCritical.filter((o) => o !== '2.5.29.32');
    if (unknown.length) add(R.unhandledCritical, i, unknown.join(', '));
    const qualifier = unknownCriticalQualifier(c);
    if (qualifier) add(R.policyQualifier, i, qualifier);
    else if (c.extensions.some((e) => e.oid === '2.5.29.32' && e.critical)) add(R.policiesCritical, i);
    if (!c.selfIssued && c.akiKeyId === undefined) add(R.akiMissing, i);
    if (i > 0 && c.ski === undefined) add(R.skiMissing, i);
    const ncExt = c.extensions.find((e) => e.oid === '2.5.29.30');
    if (ncExt && !ncExt.critical) add(R.ncNotCritical, i);
    if (i === 0 && c.nameConstraints && !isCa) add(R.ncInLeaf, i);
    const dn = [...(c.nameConstraints?.permitted ?? []), ...(c.nameConstraints?.excluded ?? [])].find((s) => s.type === 'dirname');
    if (dn && i > 0) add(R.ncDirectoryName, i, dn.value.length > 40 ? `${dn.value.slice(0, 40)}…` : dn.value);
    if (i === 0 && !isCa && c.keyUsage !== undefined && (c.keyUsage & KU.keyCertSign) !== 0) add(R.keyCertSignInLeaf, i);
    if (i > 0) {
      const bcExt = c.extensions.find((e) => e.oid === '2.5.29.19');
      if (anchor && c.selfSigned && (!bcExt || !bcExt.critical || !isCa))
        add(
          R.rootBasicConstraints,
          i,
          !bcExt ? 'has no basicConstraints' : !isCa ? 'has basicConstraints cA=FALSE' : 'has basicConstraints that are not critical',
        );
      else if (!isCa) add(R.notCa, i, c.basicConstraints ? 'its basicConstraints say cA=FALSE' : 'it has no basicConstraints');
      if (c.keyUsage !== undefined && (c.keyUsage & KU.keyCertSign) === 0) add(R.keyCertSignMissing, i, q(displayName(path[i - 1])));
      const below = path.slice(1, i).filter((x) => !x.selfIssued).length;
      const pl = c.basicConstraints?.pathLen;
      if (pl !== undefined && below > pl) add(R.pathLen, i, `allows ${pl} CA certificate(s) below it but the path has ${below}`);
    }
    purposeFindings(c, i, input, add);
  }
  nameFindings(path, add);
  return out;
}

function purposeFindings(c: CertInfo, i: number, input: VerifyInput, add: (rule: StrictRule, depth: number, detail?: string) => void): void {
  if (!input.purpose || c.extKeyUsage === undefined) return;
  const want = input.purpose === 'server' ? EKU.serverAuth : EKU.clientAuth;
  const any = '2.5.29.37.0';
  if (c.extKeyUsage.includes(want) || c.extKeyUsage.includes(any)) return;
  if (input.purpose === 'server' && c.extKeyUsage.some((u) => SGC.includes(u))) {
    if (i === 0) add(STRICT_RULES.serverGatedCrypto, i, c.extKeyUsage.includes(EKU.nsSgc) ? 'Netscape Server Gated Crypto' : 'Microsoft Server Gated Crypto');
    return;
  }
  add(STRICT_RULES.purpose, i, `has extendedKeyUsage without ${input.purpose === 'server' ? 'serverAuth' : 'clientAuth'}`);
}

function nameFindings(path: readonly CertInfo[], add: (rule: StrictRule, depth: number, detail?: string) => void): void {
  for (let i = path.length - 1; i >= 0; i--) {
    const x = path[i];
    if (i !== 0 && x.selfIssued) continue;
    for (let j = path.length - 1; j > i; j--) {
      const nc = path[j].nameConstraints;
      if (!nc) continue;
      const work = x.sans.length * (nc.permitted.length + nc.excluded.length);
      if (work > 250_000) {
        add(STRICT_RULES.ncWorkLimit, i, `${x.sans.length} SANs × ${nc.permitted.length + nc.excluded.length} constraints = ${work}`);
        continue;
      }
      const bad = x.sans.find((s) => invalidSan(s.type, s.value) && [...nc.permitted, ...nc.excluded].some((t) => t.type === s.type));
      if (bad) {
        add(STRICT_RULES.sanInvalid, i, `${bad.type.toUpperCase()}:${bad.value}`);
        continue;
      }
      // Directory names are reported by their own rule; here only the other name types count.
      const r = checkConstrainedNames(
        { ...x, subjectEntryCount: 0, subjectRdns: [] },
        { permitted: nc.permitted.filter((s) => s.type !== 'dirname'), excluded: nc.excluded.filter((s) => s.type !== 'dirname') },
      );
      if (!r.ok && r.kind !== 'limit')
        add(
          STRICT_RULES.nameConstraints,
          i,
          `${r.name.type.toUpperCase()}:${r.name.value}, ${r.kind === 'excluded' ? 'inside the excluded' : 'outside the permitted'} subtrees of ${q(path[j].subject)}`,
        );
    }
  }
}

/** A SAN that is not a valid name of its type. */
export function invalidSan(type: string, value: string): boolean {
  if (type === 'ip') return value.startsWith('#');
  if (type === 'dns') return !/^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(value);
  if (type === 'uri') return !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/:?#]+/.test(value);
  if (type === 'email') return !/^[^@]+@[^@]+$/.test(value);
  return false;
}

/** The first unknown qualifier OID of a critical certificatePolicies, if any. */
function unknownCriticalQualifier(c: CertInfo): string | undefined {
  const ext = c.extensions.find((e) => e.oid === '2.5.29.32' && e.critical);
  if (!ext) return undefined;
  try {
    const v = ext.value;
    for (const info of children(v, readTlv(v, 0))) {
      const [, quals] = children(v, info);
      if (!quals) continue;
      for (const qi of children(v, quals)) {
        const id = children(v, qi)[0];
        const oid = decodeOid(v.subarray(id.start, id.end));
        if (!QUALIFIERS.has(oid)) return oid;
      }
    }
  } catch {
    return 'malformed certificatePolicies';
  }
  return undefined;
}
