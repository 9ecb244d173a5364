// The rules of `--verifier strict`: RFC 5280 path validation as strict verifiers apply it, each
// rule with its RFC section, the verifiers that enforce it, and how a finding is explained.
// Verifier names: webpki (rustls-webpki: ztunnel in ambient mode), go (Go crypto/x509: istiod and
// Go clients), chrome (Chromium's certificate verifier), pyca (pyca/cryptography's verifier, the
// most literal RFC 5280 one); "all" means every one of them, OpenSSL included.
import { displayName, type CertInfo } from './certificate.js';

/** Verifier profiles `--verifier` accepts besides openssl. */
export const STRICT_VERIFIERS = ['webpki', 'go', 'chrome', 'pyca'] as const;
export type StrictVerifier = (typeof STRICT_VERIFIERS)[number];

/** One rule: id (what findings print as their error), where it is written, who enforces it. */
export interface StrictRule {
  readonly id: string;
  readonly rfc: string;
  /** Verifiers that reject a chain breaking this rule; 'all' = every verifier including OpenSSL. */
  readonly verifiers: readonly (StrictVerifier | 'all')[];
  readonly summary: string;
  /** True when OpenSSL (and so Envoy) accepts what this rule rejects. */
  readonly differsFromOpenssl: boolean;
}

const r = (id: string, rfc: string, verifiers: StrictRule['verifiers'], summary: string, differsFromOpenssl = true): StrictRule => ({
  id,
  rfc,
  verifiers,
  summary,
  differsFromOpenssl,
});

/** Every rule, keyed by id. */
export const STRICT_RULES = {
  noPath: r('no-path', 'RFC 5280 6.1', ['all'], 'no path from the leaf to a trusted certificate, trying every candidate issuer', false),
  expired: r('expired', 'RFC 5280 6.1.3 (a)(2)', ['all'], 'a certificate of the path is outside its validity period', false),
  notCa: r('not-a-ca', 'RFC 5280 6.1.4 (k)', ['all'], 'an issuer lacks basicConstraints cA=TRUE (no v1 or keyUsage-only CAs)'),
  keyCertSignMissing: r('keycertsign-missing', 'RFC 5280 6.1.4 (n)', ['all'], "an issuer's keyUsage lacks keyCertSign", false),
  pathLen: r('path-length', 'RFC 5280 6.1.4 (l)(m)', ['all'], 'more CA certificates below a CA than its pathLenConstraint allows', false),
  purpose: r('purpose', 'RFC 5280 4.2.1.12', ['all'], "the leaf's (or an issuer's) extendedKeyUsage does not allow the TLS purpose", false),
  nameConstraints: r('name-constraints', 'RFC 5280 4.2.1.10', ['all'], 'a name outside the permitted or inside the excluded subtrees', false),
  unhandledCritical: r('unknown-critical-extension', 'RFC 5280 4.2', ['all'], 'a critical extension the verifier does not understand', false),
  akiMissing: r('aki-missing', 'RFC 5280 4.2.1.1', ['pyca'], 'a leaf or intermediate without authorityKeyIdentifier'),
  skiMissing: r('ski-missing', 'RFC 5280 4.2.1.2', ['pyca'], 'a CA certificate without subjectKeyIdentifier'),
  ncNotCritical: r('name-constraints-not-critical', 'RFC 5280 4.2.1.10', ['pyca'], 'nameConstraints not marked critical'),
  ncDirectoryName: r(
    'name-constraints-directory-name',
    'RFC 5280 4.2.1.10',
    ['webpki', 'go'],
    'a directoryName name constraint (webpki never matches it; Go treats a critical nameConstraints it cannot fully parse as unhandled)',
  ),
  ncInLeaf: r('name-constraints-in-leaf', 'RFC 5280 4.2.1.10', ['pyca'], 'nameConstraints in an end-entity certificate'),
  sanInvalid: r(
    'san-invalid-under-constraint',
    'RFC 5280 4.2.1.6, 4.2.1.10',
    ['webpki', 'go', 'chrome', 'pyca'],
    'a SAN that is not a valid name of its type (IP not 4/16 bytes, malformed DNS name, URI without host)',
  ),
  rootBasicConstraints: r('root-basic-constraints', 'RFC 5280 4.2.1.9', ['pyca'], 'a trust anchor without critical basicConstraints cA=TRUE'),
  keyCertSignInLeaf: r('keycertsign-in-leaf', 'RFC 5280 4.2.1.3, 4.2.1.9', ['chrome', 'pyca'], 'keyUsage keyCertSign in a certificate that is not a CA'),
  duplicateExtension: r('duplicate-extension', 'RFC 5280 4.2', ['webpki', 'go', 'chrome', 'pyca'], 'the same extension twice in one certificate'),
  sha1: r('sha1-signature', 'RFC 9155 / CA/B Forum BR 7.1.3.2', ['webpki', 'go', 'chrome', 'pyca'], 'a certificate signed with SHA-1'),
  rsaSmall: r('rsa-key-too-small', 'CA/B Forum BR 6.1.5', ['webpki', 'pyca'], 'an RSA key shorter than 2048 bits'),
  policyQualifier: r(
    'policy-qualifier-unknown',
    'RFC 5280 4.2.1.4',
    ['webpki', 'chrome'],
    'a critical certificatePolicies with a qualifier other than CPS or user notice (webpki rejects any critical certificatePolicies)',
  ),
  policiesCritical: r(
    'certificate-policies-critical',
    'RFC 5280 4.2.1.4',
    ['webpki'],
    'a critical certificatePolicies extension (webpki does not process policies: an unsupported critical extension)',
  ),
  serverGatedCrypto: r(
    'server-gated-crypto-eku',
    'RFC 5280 4.2.1.12',
    ['webpki', 'chrome'],
    'a TLS server leaf whose extendedKeyUsage has Netscape/Microsoft Server Gated Crypto instead of serverAuth',
  ),
  ncWorkLimit: r(
    'name-constraints-work-limit',
    'Go maxConstraintComparisons, webpki budget',
    ['webpki', 'go'],
    'names × name constraints above 250,000 comparisons (OpenSSL allows up to 2^20)',
  ),
  hostname: r('hostname-mismatch', 'RFC 6125 6.4', ['all'], 'the leaf has no DNS SAN matching --hostname', false),
  ip: r('ip-mismatch', 'RFC 6125 6.2.1 / RFC 5280 4.2.1.6', ['all'], 'the leaf has no IP SAN equal to --ip', false),
  san: r('san-mismatch', 'Envoy match_typed_subject_alt_names', ['all'], 'the leaf has no URI SAN equal to --san', false),
} as const satisfies Record<string, StrictRule>;

export type RuleId = (typeof STRICT_RULES)[keyof typeof STRICT_RULES]['id'];

/** Whether `verifier` enforces `rule` ('strict' = every rule). */
export function enforces(rule: StrictRule, verifier: StrictVerifier | 'strict'): boolean {
  return verifier === 'strict' || rule.verifiers.includes('all') || rule.verifiers.includes(verifier);
}

/** Display form of a rule's verifiers. */
export function verifierList(rule: StrictRule): string {
  if (rule.verifiers.includes('all')) return 'all verifiers';
  const names: Record<string, string> = { webpki: 'rustls-webpki (ztunnel)', go: 'Go crypto/x509 (istiod)', chrome: 'Chrome', pyca: 'pyca/cryptography' };
  return rule.verifiers.map((v) => names[v] ?? v).join(', ');
}

const q = (s: string) => `\`${s || '(empty)'}\``;
const who = (c: CertInfo, depth: number, n: number) => `${depth === 0 ? 'the leaf' : depth === n - 1 ? 'the anchor' : 'the intermediate'} ${q(displayName(c))}`;

/** Cause and fix of a strict finding; `detail` carries the rule-specific fact (an OID, a name, a size). */
export function explainRule(rule: StrictRule, c: CertInfo, depth: number, pathLength: number, detail = ''): { cause: string; fix: string } {
  const it = who(c, depth, pathLength);
  const by = verifierList(rule);
  const reissue = `re-issue ${q(displayName(c))}`;
  switch (rule.id) {
    case 'aki-missing':
      return {
        cause: `${it} has no authorityKeyIdentifier; ${by} reject it (RFC 5280 4.2.1.1 requires it in every certificate but a self-signed root)`,
        fix: `${reissue} with authorityKeyIdentifier=keyid (openssl: -addext authorityKeyIdentifier=keyid)`,
      };
    case 'ski-missing':
      return { cause: `${it} is a CA without subjectKeyIdentifier; ${by} reject it (RFC 5280 4.2.1.2)`, fix: `${reissue} with subjectKeyIdentifier=hash` };
    case 'name-constraints-not-critical':
      return {
        cause: `${it} has nameConstraints that are not critical; ${by} reject it (RFC 5280 4.2.1.10: MUST be critical)`,
        fix: `${reissue} with nameConstraints=critical,...`,
      };
    case 'name-constraints-directory-name':
      return {
        cause: `${it} constrains directoryName ${detail}; ${by} do not evaluate such constraints and reject the chain, while OpenSSL (Envoy) enforces them`,
        fix: 'constrain the SPIFFE trust domain with a URI constraint (permitted;URI:td) instead of a directoryName',
      };
    case 'name-constraints-in-leaf':
      return {
        cause: `${it} is an end entity with nameConstraints; ${by} reject it (RFC 5280 4.2.1.10: only in CA certificates)`,
        fix: `${reissue} without nameConstraints`,
      };
    case 'san-invalid-under-constraint':
      return {
        cause: `${it} has the SAN ${detail}, which is not a valid name of its type, under name constraints of that type; ${by} reject it`,
        fix: `${reissue} with well-formed SANs (IP SANs are 4 or 16 bytes, DNS names are LDH labels, URIs have scheme://host)`,
      };
    case 'root-basic-constraints':
      return {
        cause: `${it} ${detail || 'has no basicConstraints'}; ${by} require critical basicConstraints cA=TRUE in every CA, the root included (RFC 5280 4.2.1.9)`,
        fix: `${reissue} (same key) with basicConstraints=critical,CA:TRUE`,
      };
    case 'keycertsign-in-leaf':
      return {
        cause: `${it} asserts keyUsage keyCertSign but is not a CA; ${by} reject it (RFC 5280 4.2.1.3: keyCertSign only with cA=TRUE)`,
        fix: `${reissue} with keyUsage=digitalSignature,keyEncipherment`,
      };
    case 'duplicate-extension':
      return {
        cause: `${it} has the extension ${detail} more than once; ${by} refuse to parse it (RFC 5280 4.2: an extension appears at most once)`,
        fix: `${reissue} with each extension once`,
      };
    case 'sha1-signature':
      return {
        cause: `${it} is signed with SHA-1 (${detail}); ${by} no longer accept SHA-1 certificate signatures`,
        fix: `${reissue} with a SHA-256 signature (openssl x509 -sha256; tctl x ca uses SHA-256)`,
      };
    case 'rsa-key-too-small':
      return { cause: `${it} has an RSA key of ${detail} bits; ${by} require at least 2048 bits`, fix: `${reissue} with an RSA 2048+ or EC P-256 key` };
    case 'policy-qualifier-unknown':
      return {
        cause: `${it} has a critical certificatePolicies with the qualifier ${detail}, which is neither CPS nor user notice; ${by} reject it`,
        fix: `${reissue} with certificatePolicies not critical, or with only CPS/user-notice qualifiers`,
      };
    case 'certificate-policies-critical':
      return {
        cause: `${it} marks certificatePolicies critical; ${by} do not process certificate policies and reject any critical extension they do not understand`,
        fix: `${reissue} with certificatePolicies not critical`,
      };
    case 'server-gated-crypto-eku':
      return {
        cause: `${it}'s extendedKeyUsage allows ${detail} but not serverAuth; OpenSSL and Go accept Server Gated Crypto as serverAuth, ${by} do not`,
        fix: `${reissue} with extendedKeyUsage=serverAuth,clientAuth`,
      };
    case 'not-a-ca':
      return {
        cause: `${it} issues certificates but ${detail}; strict verifiers require basicConstraints cA=TRUE (OpenSSL tolerates v1 roots and keyUsage-only CAs)`,
        fix: `${reissue} with basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign`,
      };
    case 'keycertsign-missing':
      return { cause: `${it} signed ${detail} but its keyUsage lacks keyCertSign`, fix: `${reissue} with keyUsage=critical,keyCertSign,cRLSign` };
    case 'path-length':
      return { cause: `${it} ${detail}`, fix: `issue the lower CA directly from a CA that allows it, or ${reissue} with a larger pathlen` };
    case 'expired':
      return {
        cause: `${it} ${detail}`,
        fix: depth === 0 ? 'the proxy should have rotated it: check istiod reachability and SDS/CSR errors' : `${reissue} (rotate it) and distribute it`,
      };
    case 'purpose':
      return { cause: `${it} ${detail}`, fix: `${reissue} with extendedKeyUsage=serverAuth,clientAuth (or, for a CA, without extendedKeyUsage)` };
    case 'name-constraints':
      return {
        cause: `${it} has the name ${detail}`,
        fix: "issue it with a name inside the permitted subtrees (the right SPIFFE trust domain), or change the CA's nameConstraints",
      };
    case 'name-constraints-work-limit':
      return {
        cause: `${it} needs ${detail} name-constraint comparisons; ${by} stop at 250,000 and reject the chain (OpenSSL's limit is 2^20)`,
        fix: `${reissue} with fewer SANs, or the CA with fewer nameConstraints subtrees`,
      };
    case 'unknown-critical-extension':
      return {
        cause: `${it} has the critical extension ${detail}, which verifiers do not understand`,
        fix: `${reissue} without marking that extension critical`,
      };
    default:
      return { cause: `${it}: ${rule.summary}${detail ? ` (${detail})` : ''}`, fix: 'see docs/pki.md' };
  }
}
