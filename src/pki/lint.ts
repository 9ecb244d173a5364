// `tctl x certs lint FILE…`: what is legal (every verifier accepts it today) but fragile, or what one
// verifier already refuses, per certificate and per trust bundle, each finding with the verifiers it
// would break. Uses the same facts as the strict rules (strict-rules.ts).
import { MeshError, PkiVerifierErrors } from '../api/index.js';
import { KU, EKU, displayName, type CertInfo } from './certificate.js';
import { extName } from './explain.js';
import { invalidSan } from './strict.js';

/** One lint finding. */
export interface LintFinding {
  readonly source: string;
  /** 1-based index of the certificate in its file (0 for a finding about the whole bundle). */
  readonly index: number;
  readonly name: string;
  readonly check: string;
  readonly message: string;
  readonly fix: string;
  /** Verifiers that reject it (now or once the condition is met); empty = none, hygiene only. */
  readonly breaks: readonly string[];
}

/** One input file with its certificates. */
export interface LintInput {
  readonly source: string;
  readonly certs: readonly CertInfo[];
}

const ALL = ['openssl (Envoy)', 'webpki (ztunnel)', 'go (istiod)', 'chrome', 'pyca'];
const SHA1 = new Set(['1.2.840.113549.1.1.5', '1.2.840.10045.4.1']);
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** Parses --expiry-warning (720h, 30d, 90m); errors name the flag. */
export function parseDuration(v: string | undefined, field: string, fallbackMs: number): number {
  if (v === undefined) return fallbackMs;
  const m = DURATION.exec(v);
  if (!m) throw new MeshError(PkiVerifierErrors.LintThresholdInvalid, `${field} "${v}" is not a duration`, { field });
  return Number(m[1]) * ({ ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 } as Record<string, number>)[m[2]];
}

/** Lints every certificate, then each file as a trust bundle. */
export function lintCertificates(inputs: readonly LintInput[], at: Date, expiryWarningMs: number): LintFinding[] {
  const out: LintFinding[] = [];
  for (const { source, certs } of inputs) {
    certs.forEach((c, i) => out.push(...lintOne(c, source, i + 1, at, expiryWarningMs)));
    out.push(...lintBundle(source, certs));
  }
  return out;
}

function lintOne(c: CertInfo, source: string, index: number, at: Date, warnMs: number): LintFinding[] {
  const out: LintFinding[] = [];
  const name = displayName(c);
  const add = (check: string, message: string, fix: string, breaks: readonly string[]) => out.push({ source, index, name, check, message, fix, breaks });
  const isCa = c.basicConstraints?.ca === true;
  const left = c.notAfter.getTime() - at.getTime();
  if (left <= 0)
    add('expired', `expired at ${c.notAfter.toISOString()}`, isCa ? 'rotate it now: issue a new CA certificate and distribute it' : 're-issue it', ALL);
  else if (left < warnMs)
    add(
      'near-expiry',
      `expires at ${c.notAfter.toISOString()} (in ${Math.ceil(left / 864e5)} day(s))`,
      isCa
        ? 'rotate it before it expires (tctl x ca create-intermediate; roots: distribute a bundle with the old and new root first)'
        : 'check that it is rotated (Istio rotates workload certificates at 50% of their lifetime)',
      ALL,
    );
  if (c.notBefore.getTime() > at.getTime()) add('not-yet-valid', `not valid before ${c.notBefore.toISOString()}`, "check the issuing machine's clock", ALL);
  if (c.keyAlg === 'rsa' && c.keyBits !== undefined && c.keyBits < 2048)
    add(
      'short-key',
      `RSA key of ${c.keyBits} bits`,
      're-issue it with RSA 2048+ or EC P-256',
      c.keyBits < 1024 ? ALL.filter((v) => v !== 'openssl (Envoy)') : ['webpki (ztunnel)', 'pyca'],
    );
  if (!c.selfSigned && SHA1.has(c.sigAlgOid))
    add('sha1-signature', 'signed with SHA-1', 're-issue it with SHA-256', ['webpki (ztunnel)', 'go (istiod)', 'chrome', 'pyca']);
  if (isCa && c.ski === undefined)
    add(
      'missing-ski',
      'CA certificate without subjectKeyIdentifier: certificates it issues cannot name it by key (AKI)',
      're-issue it with subjectKeyIdentifier=hash (same key)',
      ['pyca'],
    );
  if (!c.selfIssued && c.akiKeyId === undefined)
    add(
      'missing-aki',
      'no authorityKeyIdentifier: when two issuers share a name (root rotation), OpenSSL picks the first by name and fails the signature',
      're-issue it with authorityKeyIdentifier=keyid',
      ['pyca', 'openssl (Envoy) during a rotation with two same-named issuers'],
    );
  if (isCa && c.basicConstraints?.pathLen === undefined && !c.selfSigned)
    add(
      'ca-without-pathlen',
      'intermediate CA without pathLenConstraint: its key can sign further CAs',
      "issue the intermediate istiod signs with pathlen:0 (Istio's recipe)",
      [],
    );
  if (c.duplicateExtensions.length)
    add(
      'duplicate-extension',
      `the extension ${c.duplicateExtensions.map(extName).join(', ')} appears more than once`,
      're-issue it with each extension once',
      c.opensslInvalid ? ALL : ['webpki (ztunnel)', 'go (istiod)', 'chrome', 'pyca'],
    );
  if (!isCa && c.keyUsage !== undefined && (c.keyUsage & KU.keyCertSign) !== 0)
    add('keycertsign-in-leaf', 'keyCertSign in a certificate that is not a CA', 'drop keyCertSign from its keyUsage', ['chrome', 'pyca']);
  const nc = c.extensions.find((e) => e.oid === '2.5.29.30');
  if (nc && !nc.critical) add('name-constraints-not-critical', 'nameConstraints not marked critical', 'mark nameConstraints critical', ['pyca']);
  if ([...(c.nameConstraints?.permitted ?? []), ...(c.nameConstraints?.excluded ?? [])].some((s) => s.type === 'dirname'))
    add(
      'directory-name-constraint',
      'directoryName name constraint: enforced by OpenSSL, not evaluated by webpki/Go',
      'constrain the trust domain with a URI constraint instead',
      ['webpki (ztunnel)', 'go (istiod)'],
    );
  if (c.selfSigned && isCa && !c.extensions.find((e) => e.oid === '2.5.29.19')?.critical)
    add('root-basic-constraints', 'root whose basicConstraints are not critical', 're-issue the root (same key) with basicConstraints=critical,CA:TRUE', [
      'pyca',
    ]);
  if (c.selfSigned && !c.basicConstraints)
    add('root-basic-constraints', 'root without basicConstraints', 're-issue the root (same key) with basicConstraints=critical,CA:TRUE', ['pyca']);
  if (c.extKeyUsage && !c.extKeyUsage.includes(EKU.serverAuth) && c.extKeyUsage.some((u) => u === EKU.nsSgc || u === EKU.msSgc))
    add('server-gated-crypto-eku', 'Server Gated Crypto EKU instead of serverAuth', 'use extendedKeyUsage=serverAuth,clientAuth', [
      'webpki (ztunnel)',
      'chrome',
    ]);
  const bad = c.sans.find((s) => invalidSan(s.type, s.value));
  if (bad)
    add('invalid-san', `the SAN ${bad.type.toUpperCase()}:${bad.value} is not a valid name of its type`, 're-issue it with well-formed SANs', [
      'webpki (ztunnel)',
      'go (istiod)',
      'chrome',
      'pyca',
    ]);
  return out;
}

function lintBundle(source: string, certs: readonly CertInfo[]): LintFinding[] {
  const out: LintFinding[] = [];
  const roots = certs.filter((c) => c.selfSigned);
  const seen = new Set<string>();
  for (const r of roots) {
    if (seen.has(r.subjectKey)) continue;
    const twins = roots.filter((o) => o.subjectKey === r.subjectKey && o.fingerprint256 !== r.fingerprint256);
    const otherKeys = twins.filter((o) => !sameKey(o, r));
    if (otherKeys.length) {
      seen.add(r.subjectKey);
      out.push({
        source,
        index: 0,
        name: r.subject || '(empty subject)',
        check: 'same-name-roots',
        message: `${otherKeys.length + 1} roots are named ${r.subject || '(empty)'} with different keys (certificates ${[r, ...otherKeys].map((x) => certs.indexOf(x) + 1).join(', ')}): OpenSSL takes the first one by name for certificates without authorityKeyIdentifier`,
        fix: 'give a new root a new name (e.g. "Root CA 2026"), make every certificate carry authorityKeyIdentifier, and drop the retired root when rotation is done',
        breaks: ['openssl (Envoy) for chains without AKI from the later root'],
      });
    }
  }
  return out;
}

function sameKey(a: CertInfo, b: CertInfo): boolean {
  const ka = a.publicKey?.export({ type: 'spki', format: 'der' });
  const kb = b.publicKey?.export({ type: 'spki', format: 'der' });
  return ka !== undefined && kb !== undefined && ka.equals(kb);
}

/** Text table of the findings. */
export function formatLint(findings: readonly LintFinding[], files: number, certs: number): string {
  if (findings.length === 0) return `No findings in ${certs} certificate(s) of ${files} file(s).\n`;
  const lines = [`${findings.length} finding(s) in ${certs} certificate(s) of ${files} file(s):`];
  for (const f of findings) {
    lines.push(
      '',
      `${f.source}${f.index ? ` certificate ${f.index}` : ' (bundle)'}  ${f.name}`,
      `  ${f.check}: ${f.message}`,
      `  breaks: ${f.breaks.length ? f.breaks.join(', ') : 'no verifier (hygiene)'}`,
      `  fix:    ${f.fix}`,
    );
  }
  return lines.join('\n') + '\n';
}
