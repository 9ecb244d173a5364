// Certificate path building and validation, modelled step by step on OpenSSL 3's X509_verify_cert
// as `openssl verify` drives it (trusted-first chain building, then extensions, then signatures and
// times top-down, then name constraints), so that a problem is reported at the same depth and with
// the same X509_V_ERR code as `openssl verify` prints. Errors the openssl CLI lets verification
// continue past (expired, invalid CA, path length, purpose, ...) are collected and checking goes
// on; the others stop it, exactly as the CLI does.
import { KU, EKU, sigAlgMatchesKey, signatureValid, type CertInfo } from './certificate.js';
import { checkConstrainedNames, checkNames, type NameConstraints } from './name-constraints.js';
import { explain, type ExplainContext } from './explain.js';
import { hostnameMatchesOpenssl, ipMatches } from './names.js';

/** What the chain is checked for: TLS server (Envoy's listener side) or client (mTLS caller). */
export type Purpose = 'server' | 'client';

/** Inputs of one verification. */
export interface VerifyInput {
  readonly leaf: CertInfo;
  /** Certificates that may be used to build the path but are not trusted (the rest of CHAIN.pem). */
  readonly untrusted: readonly CertInfo[];
  /** Trust anchors (ROOTS.pem / root-cert.pem). */
  readonly trusted: readonly CertInfo[];
  readonly at: Date;
  readonly purpose?: Purpose;
  /**
   * `openssl verify -partial_chain`: a certificate from the trusted list ends the path even when it
   * is not self-signed (an intermediate as the anchor), and so does the leaf itself.
   */
  readonly partialChain?: boolean;
  /** `openssl verify -verify_depth N`: at most N intermediates between the leaf and the anchor (default 100). */
  readonly maxDepth?: number;
  /** `-verify_hostname`: the leaf must match (X509_check_host: DNS SANs, else CN; partial wildcards). */
  readonly hostname?: string;
  /** `-verify_ip`: the leaf must have this IP SAN (bytes). */
  readonly ip?: readonly number[];
}

/** One problem: OpenSSL's code and depth, the certificate, and the explanation. */
export interface Problem {
  /** OpenSSL X509_V_ERR_* number (what `openssl verify` prints as "error N"). */
  readonly error: number;
  readonly depth: number;
  readonly cert?: CertInfo;
  /** Subject, or SPIFFE ID when the subject is empty. */
  readonly name: string;
  readonly cause: string;
  readonly fix: string;
}

/** The outcome: ok only when no problem was found. */
export interface VerifyResult {
  readonly ok: boolean;
  /** The path that was built, leaf first. */
  readonly chain: readonly CertInfo[];
  readonly problems: readonly Problem[];
  /** Things that do not fail verification but are worth fixing (duplicates, unused certificates). */
  readonly warnings: readonly string[];
}

/** Errors after which `openssl verify` (apps/verify.c) keeps checking. */
const CONTINUABLE = new Set([10, 18, 24, 25, 26, 34, 37, 79]);
const DEFAULT_DEPTH = 100;

class Session {
  readonly problems: Problem[] = [];
  chain: CertInfo[];
  numUntrusted = 1;
  constructor(readonly input: VerifyInput) {
    this.chain = [input.leaf];
  }
  /** Records a problem; returns false when verification must stop here. */
  fail(error: number, depth: number, cert: CertInfo | undefined, extra: Partial<ExplainContext> = {}): boolean {
    const ctx: ExplainContext = { error, depth, cert, chain: this.chain, input: this.input, ...extra };
    this.problems.push({ error, depth, cert, ...explain(ctx) });
    return CONTINUABLE.has(error);
  }
}

/** Builds and validates the path from `leaf` to a trusted root; see the file comment for the model. */
export function verifyChain(input: VerifyInput): VerifyResult {
  const s = new Session(input);
  const proceed = buildChain(s) && checkExtensions(s) && checkId(s) && internalVerify(s) && checkNameConstraints(s);
  void proceed;
  return { ok: s.problems.length === 0, chain: s.chain, problems: s.problems, warnings: warnings(input, s.chain) };
}

/** OpenSSL's check_issued: names match, AKI fits SKI, signature algorithm fits the key type. */
export function likelyIssued(issuer: CertInfo, subject: CertInfo): boolean {
  // ossl_x509_likely_issued fails when either certificate's extensions could not be cached.
  if (issuer.opensslInvalid || subject.opensslInvalid) return false;
  if (issuer.subjectKey !== subject.issuerKey) return false;
  if (subject.akiKeyId !== undefined && issuer.ski !== undefined && subject.akiKeyId !== issuer.ski) return false;
  return sigAlgMatchesKey(subject, issuer);
}

function timeOk(c: CertInfo, at: Date): boolean {
  return c.notBefore.getTime() <= at.getTime() && at.getTime() < c.notAfter.getTime();
}

/** First time-valid candidate, else the one expiring last (find_issuer / X509_STORE_CTX_get1_issuer). */
function findIssuer(pool: readonly CertInfo[], x: CertInfo, chain: readonly CertInfo[], at: Date, trusted: boolean): CertInfo | undefined {
  let best: CertInfo | undefined;
  for (const c of pool) {
    if (!likelyIssued(c, x)) continue;
    if (!trusted && !(x.selfIssued && chain.length === 1) && chain.includes(c)) continue;
    if (timeOk(c, at)) return c;
    if (!best || c.notAfter.getTime() > best.notAfter.getTime()) best = c;
  }
  return best;
}

function sameCert(a: CertInfo, b: CertInfo): boolean {
  return a.fingerprint256 === b.fingerprint256;
}

function buildChain(s: Session): boolean {
  const { untrusted, trusted, at } = s.input;
  // build_chain's max_depth: the chain may grow to depth + 2 certificates before it is "too long".
  const maxDepth = (s.input.maxDepth ?? DEFAULT_DEPTH) + 1;
  const pool = [...untrusted];
  let searchUntrusted = true;
  let selfSigned = s.input.leaf.selfSigned;
  let isTrusted = false;
  for (;;) {
    const num = s.chain.length;
    const top = s.chain[num - 1];
    const t = num > maxDepth ? undefined : findIssuer(trusted, top, s.chain, at, true);
    let ok = t !== undefined;
    if (t) {
      if (!selfSigned) {
        s.chain.push(t);
        selfSigned = t.selfSigned;
      } else if (s.chain.length === s.numUntrusted) {
        // A self-signed untrusted cert is only replaced by an identical trusted one (no mimics).
        if (sameCert(top, t)) {
          s.numUntrusted--;
          s.chain[s.chain.length - 1] = t;
        } else ok = false;
      }
      if (ok) {
        searchUntrusted = false;
        if (trustedAnchor(s)) {
          isTrusted = true;
          break;
        }
        if (!selfSigned) continue;
      }
    }
    if (!searchUntrusted) break;
    const u = selfSigned || num > maxDepth ? undefined : findIssuer(pool, top, s.chain, at, false);
    if (!u) {
      searchUntrusted = false;
      continue;
    }
    pool.splice(pool.indexOf(u), 1);
    s.chain.push(u);
    s.numUntrusted++;
    selfSigned = u.selfSigned;
  }
  if (isTrusted) return true;
  const num = s.chain.length;
  // Last chance (partial chain): the leaf itself is in the trusted list.
  if (num <= maxDepth && num === s.numUntrusted && s.input.partialChain) {
    const match = trusted.find((c) => sameCert(c, s.chain[0]));
    if (match) {
      s.chain[0] = match;
      s.numUntrusted = 0;
      return true;
    }
  }
  const top = s.chain[num - 1];
  if (num > maxDepth) return s.fail(22, num - 1, top, { maxDepth: maxDepth - 1 });
  if (top.selfSigned) return s.fail(num === 1 ? 18 : 19, num - 1, top);
  return s.fail(s.numUntrusted < num ? 2 : 20, num - 1, top);
}

/** check_trust: a certificate from the trust store that is self-signed makes the chain trusted. */
function trustedAnchor(s: Session): boolean {
  for (let i = s.numUntrusted; i < s.chain.length; i++) if (s.chain[i].selfSigned) return true;
  return s.input.partialChain === true && s.numUntrusted < s.chain.length;
}

/** X509_check_ca: 0 = not a CA; 1 = basicConstraints CA; 3/4 = tolerated legacy forms. */
function checkCa(c: CertInfo): number {
  if (c.keyUsage !== undefined && (c.keyUsage & KU.keyCertSign) === 0) return 0;
  if (c.basicConstraints) return c.basicConstraints.ca ? 1 : 0;
  if (c.selfSigned && c.version === 1) return 3;
  if (c.keyUsage !== undefined) return 4;
  return 0;
}

function ekuRejects(c: CertInfo, wanted: readonly string[]): boolean {
  return c.extKeyUsage !== undefined && !c.extKeyUsage.some((u) => wanted.includes(u));
}

function kuRejects(c: CertInfo, bits: number): boolean {
  return c.keyUsage !== undefined && (c.keyUsage & bits) === 0;
}

/** X509_check_purpose for sslserver/sslclient. */
function purposeOk(c: CertInfo, purpose: Purpose, requireCa: boolean): boolean {
  const ekus = purpose === 'server' ? [EKU.serverAuth, EKU.nsSgc, EKU.msSgc] : [EKU.clientAuth];
  if (ekuRejects(c, ekus)) return false;
  if (requireCa) return checkCa(c) !== 0;
  const ku = purpose === 'server' ? KU.digitalSignature | KU.keyEncipherment | KU.keyAgreement : KU.digitalSignature | KU.keyAgreement;
  return !kuRejects(c, ku);
}

function checkExtensions(s: Session): boolean {
  const num = s.chain.length;
  let plen = 0;
  for (let i = 0; i < num; i++) {
    const x = s.chain[i];
    if (x.unhandledCritical.length && !s.fail(34, i, x)) return false;
    const ca = checkCa(x);
    if (i > 0 && (ca === 0 || (i + 1 < num && ca !== 1)) && !s.fail(79, i, x, { caResult: ca })) return false;
    if (s.input.purpose && !purposeOk(x, s.input.purpose, i > 0) && !s.fail(26, i, x)) return false;
    const pathLen = x.basicConstraints?.ca ? x.basicConstraints.pathLen : undefined;
    if (i > 1 && pathLen !== undefined && plen > pathLen && !s.fail(25, i, x, { pathLen, below: plen })) return false;
    if (i > 0 && !x.selfIssued) plen++;
  }
  return true;
}

/** check_id: -verify_hostname (error 62) and -verify_ip (64), reported at depth 0. */
function checkId(s: Session): boolean {
  const leaf = s.chain[0];
  if (s.input.hostname !== undefined && !hostnameMatchesOpenssl(leaf, s.input.hostname) && !s.fail(62, 0, leaf)) return false;
  if (s.input.ip !== undefined && !ipMatches(leaf, s.input.ip) && !s.fail(64, 0, leaf)) return false;
  return true;
}

function internalVerify(s: Session): boolean {
  const { chain } = s;
  let n = chain.length - 1;
  let xi = chain[n];
  let xs: CertInfo;
  if (likelyIssued(xi, xi)) xs = xi;
  else if (s.input.partialChain) xs = xi;
  else {
    if (n <= 0) return s.fail(21, 0, xi);
    n--;
    xs = chain[n];
  }
  for (;;) {
    if (xs !== xi) {
      if (kuRejects(xi, KU.keyCertSign) && !s.fail(32, n + 1, xi, { subject: xs })) return false;
      if (!xi.publicKey) {
        if (!s.fail(6, n + 1, xi)) return false;
      } else if (!signatureValid(xs, xi) && !s.fail(7, n, xs, { issuer: xi })) return false;
    }
    if (xs.notBefore.getTime() > s.input.at.getTime() && !s.fail(9, n, xs)) return false;
    if (xs.notAfter.getTime() <= s.input.at.getTime() && !s.fail(10, n, xs)) return false;
    if (--n < 0) return true;
    xi = xs;
    xs = chain[n];
  }
}

function checkNameConstraints(s: Session): boolean {
  const { chain } = s;
  for (let i = chain.length - 1; i >= 0; i--) {
    const x = chain[i];
    if (i !== 0 && x.selfIssued) continue;
    for (let j = chain.length - 1; j > i; j--) {
      const nc = chain[j].nameConstraints;
      if (!nc) continue;
      const r = checkCertNames(x, nc, i === 0);
      if (!r.ok && !s.fail(r.error, i, x, { constrainedBy: chain[j], violatingName: `${r.name.type.toUpperCase()}:${r.name.value}` })) return false;
    }
  }
  return true;
}

function checkCertNames(x: CertInfo, nc: NameConstraints, leaf: boolean) {
  const r = checkConstrainedNames(x, nc);
  if (!r.ok || !leaf || x.sans.some((n) => n.type === 'dns')) return r;
  // For the end-entity OpenSSL also checks a host-name-like CN against DNS constraints.
  const cns = x.subject
    .split(/,\s*/)
    .filter((p) => p.startsWith('CN='))
    .map((p) => p.slice(3));
  return checkNames(
    cns.filter(isDnsLike).map((value) => ({ type: 'dns' as const, value })),
    nc,
  );
}

function isDnsLike(cn: string): boolean {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]$/.test(cn)) return false;
  return /[^.-]\.[^.-]/.test(cn) && !cn.includes('..');
}

function warnings(input: VerifyInput, chain: readonly CertInfo[]): string[] {
  const out: string[] = [];
  const all = [input.leaf, ...input.untrusted];
  const seen = new Map<string, number>();
  all.forEach((c, i) => {
    const prev = seen.get(c.fingerprint256);
    if (prev !== undefined)
      out.push(
        `certificate ${i + 1} of the chain is a duplicate of certificate ${prev + 1} (${c.subject || c.spiffeId || 'empty subject'}); harmless, but Istio appends the root twice only when root-cert.pem is also in cert-chain.pem`,
      );
    else seen.set(c.fingerprint256, i);
  });
  const used = new Set(chain.map((c) => c.fingerprint256));
  input.untrusted.forEach((c, i) => {
    if (!used.has(c.fingerprint256) && seen.get(c.fingerprint256) === i + 1)
      out.push(`certificate ${i + 2} of the chain (${c.subject || 'empty subject'}) is not part of the verified path; remove it from the chain file`);
  });
  const dupRoots = input.trusted.filter((c, i) => input.trusted.findIndex((d) => d.fingerprint256 === c.fingerprint256) !== i);
  for (const d of dupRoots) out.push(`the trusted roots list ${d.subject} more than once`);
  return out;
}
