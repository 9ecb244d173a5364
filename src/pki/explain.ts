// Turns an OpenSSL-style verification error into plain words and a concrete fix, using what the
// chain and the trusted roots reveal (same name but different key → the root was regenerated, ...).
import { displayName, signatureValid, type CertInfo } from './certificate.js';
import type { VerifyInput } from './verify.js';

/** Everything an explanation may look at. */
export interface ExplainContext {
  readonly error: number;
  readonly depth: number;
  readonly cert?: CertInfo;
  readonly chain: readonly CertInfo[];
  readonly input: VerifyInput;
  readonly caResult?: number;
  readonly pathLen?: number;
  readonly below?: number;
  readonly subject?: CertInfo;
  readonly issuer?: CertInfo;
  readonly constrainedBy?: CertInfo;
  readonly violatingName?: string;
  /** The --max-depth (verify_depth) in force. */
  readonly maxDepth?: number;
}

/** OpenSSL's short reason text for the codes meshbridge reports. */
export const OPENSSL_REASONS: Readonly<Record<number, string>> = {
  1: 'unspecified certificate verification error',
  2: 'unable to get issuer certificate',
  6: 'unable to decode issuer public key',
  7: 'certificate signature failure',
  9: 'certificate is not yet valid',
  10: 'certificate has expired',
  18: 'self-signed certificate',
  19: 'self-signed certificate in certificate chain',
  20: 'unable to get local issuer certificate',
  21: 'unable to verify the first certificate',
  22: 'certificate chain too long',
  24: 'invalid CA certificate',
  79: 'invalid CA certificate',
  25: 'path length constraint exceeded',
  26: 'unsupported certificate purpose',
  32: 'key usage does not include certificate signing',
  34: 'unhandled critical extension',
  47: 'permitted subtree violation',
  48: 'excluded subtree violation',
  51: 'name constraints: unsupported name constraint type',
  53: 'unsupported or invalid name syntax',
  62: 'hostname mismatch',
  64: 'IP address mismatch',
  100: 'PEM blocks concatenated without a newline',
};

const fp = (c: CertInfo) => `sha256:${c.fingerprint256.slice(0, 16)}…`;
const q = (s: string) => `\`${s || '(empty)'}\``;
const role = (d: number, n: number) => (d === 0 ? 'the workload (leaf) certificate' : d === n - 1 ? 'the root' : 'the intermediate');

/** Cause and fix for one problem. */
export function explain(ctx: ExplainContext): { name: string; cause: string; fix: string } {
  const name = ctx.cert ? displayName(ctx.cert) : '(none)';
  const f = EXPLAINERS[ctx.error];
  const { cause, fix } = f
    ? f(ctx, ctx.cert as CertInfo)
    : { cause: OPENSSL_REASONS[ctx.error] ?? `OpenSSL error ${ctx.error}`, fix: "Compare the chain with the issuing CA's files." };
  return { name, cause, fix };
}

type Explainer = (ctx: ExplainContext, c: CertInfo) => { cause: string; fix: string };

const EXPLAINERS: Record<number, Explainer> = {
  2: (_ctx, c) => ({
    cause: `the trusted certificate ${q(c.subject)} is not a root (it is issued by ${q(c.issuer)}, not self-signed), and no trusted root for ${q(c.issuer)} was given`,
    fix: `add the real root ${q(c.issuer)} to the trusted roots (root-cert.pem); an intermediate on its own is not a trust anchor`,
  }),
  6: (_ctx, c) => ({ cause: `the public key of ${q(c.subject)} cannot be decoded`, fix: 'reissue the CA certificate with an RSA or EC (P-256/P-384) key' }),
  7: (ctx, c) => {
    const issuer = ctx.issuer as CertInfo;
    const twin = [...ctx.input.trusted, ...ctx.input.untrusted].find((t) => t !== issuer && t.subjectKey === issuer.subjectKey && signatureValid(c, t));
    if (twin) {
      return {
        cause:
          `two certificates are named ${q(issuer.subject)}: OpenSSL took the first (${fp(issuer)}), whose key did not sign ${q(displayName(c))}; the one that did (${fp(twin)}) comes later. ${c.akiKeyId ? '' : `${q(displayName(c))} has no authorityKeyIdentifier, so OpenSSL cannot tell them apart (strict verifiers try both)`}`.trim(),
        fix: `re-issue ${q(displayName(c))} with authorityKeyIdentifier=keyid (then OpenSSL picks the right issuer), or list ${q(issuer.subject)} ${fp(twin)} first / drop the retired one from the bundle`,
      };
    }
    return {
      cause: `the signature of ${q(displayName(c))} does not verify with the public key of its issuer ${q(issuer.subject)} (${fp(issuer)}): the names match but it was signed by a different key — the issuer was regenerated, or the certificate was altered`,
      fix: `re-issue ${q(displayName(c))} from the current ${q(issuer.subject)}, or distribute the ${q(issuer.subject)} that actually signed it (compare fingerprints with \`tctl x certs inspect\`)`,
    };
  },
  9: (ctx, c) => ({
    cause: `${role(ctx.depth, ctx.chain.length)} ${q(displayName(c))} is not valid before ${c.notBefore.toISOString()} (checked at ${ctx.input.at.toISOString()})`,
    fix: 'check the clock of the machine that issued it and of the verifying proxy (NTP); or wait, or re-issue it with an earlier notBefore',
  }),
  10: (ctx, c) => ({
    cause: `${role(ctx.depth, ctx.chain.length)} ${q(displayName(c))} expired at ${c.notAfter.toISOString()} (checked at ${ctx.input.at.toISOString()})`,
    fix:
      ctx.depth === 0
        ? 'the proxy should have rotated it: check istiod reachability and the istio-proxy log for SDS/CSR errors'
        : c.selfSigned
          ? 'create a new root (tctl x ca create-root), distribute a root-cert.pem holding the old and the new root, re-issue every intermediate from the new root (tctl x ca create-intermediate), then drop the old root'
          : `rotate ${q(c.subject)}: issue a new one (tctl x ca create-intermediate), update the cacerts secret and restart istiod`,
  }),
  18: (_ctx, c) => ({
    cause: `the workload certificate ${q(displayName(c))} is self-signed and not among the trusted roots`,
    fix: 'issue the workload certificate from the mesh CA, or add it to the trusted roots explicitly',
  }),
  19: (ctx, c) => {
    const twin = ctx.input.trusted.find((t) => t.subjectKey === c.subjectKey);
    if (twin) {
      return {
        cause: `the chain ends in the root ${q(c.subject)} (${fp(c)}) and a trusted root has the same name but a different key (${fp(twin)}): the root was regenerated, or each cluster created its own root with the same name`,
        fix: 'distribute one root-cert.pem to every cluster (during a rotation a bundle holding both roots) and re-issue the intermediates from it: `tctl x ca create-intermediate --cluster NAME`',
      };
    }
    return {
      cause: `the chain ends in the self-signed root ${q(c.subject)} (${fp(c)}) which is not among the trusted roots${otherRoots(ctx)}: the two sides were issued from different roots`,
      fix: `give both clusters the same root-cert.pem (or a bundle holding both roots during a rotation); to trust this chain add ${q(c.subject)} to --roots`,
    };
  },
  20: (ctx, c) => issuerNotFound(ctx, c),
  21: (_ctx, c) => ({
    cause: `only ${q(displayName(c))} was given and its issuer ${q(c.issuer)} was not found`,
    fix: 'append the intermediate(s) and give the root with --roots',
  }),
  22: (ctx) => ({
    cause: `no trust anchor was reached within ${ctx.maxDepth ?? 100} intermediate certificate(s) (the verify depth): the path needs more`,
    fix:
      ctx.maxDepth !== undefined && ctx.maxDepth < 100
        ? `raise --max-depth (openssl -verify_depth), or shorten the chain: issue the workload CA closer to the root`
        : 'remove the loop or the extra certificates from the chain file',
  }),
  1: (ctx, c) => ({
    cause: `checking the names of ${q(displayName(c))} against the name constraints of ${q((ctx.constrainedBy as CertInfo).subject)} is too much work for OpenSSL (${ctx.violatingName?.replace(/^DIRNAME:/, '')} exceed its limit of 2^20), so OpenSSL and Envoy reject it`,
    fix: 'issue the certificate with fewer SANs, or the CA with fewer nameConstraints subtrees',
  }),
  51: (ctx, c) => ({
    cause: `${q(displayName(c))} has the name ${ctx.violatingName} of a type the name constraints of ${q((ctx.constrainedBy as CertInfo).subject)} cannot be checked for`,
    fix: 'remove that name type from the certificate or the constraint from the CA',
  }),
  53: (ctx, c) => ({
    cause: `${q(displayName(c))} has the name ${ctx.violatingName} which is not valid syntax for the ${ctx.violatingName?.split(':')[0]} constraints of ${q((ctx.constrainedBy as CertInfo).subject)} (an IP SAN must be 4 or 16 bytes; a URI needs scheme://host; an email needs @)`,
    fix: 'reissue the certificate with a well-formed name (e.g. an IP SAN of exactly 4 or 16 bytes)',
  }),
  24: (ctx, c) => invalidCa(ctx, c),
  79: (ctx, c) => invalidCa(ctx, c),
  25: (ctx, c) => ({
    cause: `${q(c.subject)} allows at most ${ctx.pathLen} CA certificate(s) below it (pathLen:${ctx.pathLen}) but the chain has ${ctx.below}`,
    fix: c.selfSigned
      ? `sign istiod's CA (ca-cert.pem) directly with ${q(c.subject)}, or re-create the root with a larger pathlen (and re-issue everything under it); Istio's recipe puts pathlen:0 on the intermediate istiod signs with, not on the root`
      : `issue the lower CA directly from ${q(c.issuer)}, or re-issue ${q(c.subject)} with a larger pathlen (Istio's recipe uses pathlen:0 only on the intermediate that istiod signs with)`,
  }),
  26: (ctx, c) => wrongPurpose(ctx, c),
  32: (ctx, c) => ({
    cause: `${q(c.subject)} signed ${q(displayName(ctx.subject as CertInfo))} but its keyUsage does not include keyCertSign`,
    fix: `re-issue ${q(c.subject)} with keyUsage=critical,keyCertSign,cRLSign (plus digitalSignature)`,
  }),
  34: (_ctx, c) => ({
    cause: `${q(displayName(c))} has a critical extension verifiers do not understand (${c.unhandledCritical.join(', ')})`,
    fix: 'reissue it without marking that extension critical',
  }),
  47: (ctx, c) => ({
    cause: `${q(displayName(c))} has the name ${ctx.violatingName} which is outside the names ${q((ctx.constrainedBy as CertInfo).subject)} is permitted to issue for (nameConstraints permitted: ${ncList(ctx.constrainedBy as CertInfo, 'permitted')})`,
    fix: "issue it with a name inside the permitted subtrees (e.g. the right SPIFFE trust domain), or widen the CA's nameConstraints",
  }),
  48: (ctx, c) => ({
    cause: `${q(displayName(c))} has the name ${ctx.violatingName} which ${q((ctx.constrainedBy as CertInfo).subject)} is forbidden to issue for (nameConstraints excluded: ${ncList(ctx.constrainedBy as CertInfo, 'excluded')})`,
    fix: "issue it with a name outside the excluded subtrees, or change the CA's nameConstraints",
  }),
  62: (ctx, c) => ({
    cause: `${q(displayName(c))} is not valid for the host name ${q(ctx.input.hostname ?? '')}: its DNS SANs are ${sanList(c, 'dns')}${c.sans.some((n) => n.type === 'dns') ? '' : ' (OpenSSL then falls back to the subject CN)'}`,
    fix: 'connect with a name the certificate holds, or re-issue it with that name as a DNS SAN (Istio sidecars match SPIFFE URIs, not host names)',
  }),
  64: (ctx, c) => ({
    cause: `${q(displayName(c))} has no IP SAN ${(ctx.input.ip ?? []).length === 4 ? (ctx.input.ip ?? []).join('.') : 'equal to the address'}: its IP SANs are ${sanList(c, 'ip')}`,
    fix: 'connect by a DNS name the certificate holds, or re-issue it with the address as an IP SAN',
  }),
  100: (ctx) => ({
    cause: `certificate ${ctx.depth + 1} of the file starts on the same line as the previous "-----END CERTIFICATE-----" (no newline between them); OpenSSL and Envoy refuse the whole file`,
    fix: 'rebuild the bundle with a newline between blocks: `cat ca-cert.pem; echo; cat root-cert.pem` (or `awk 1 a.pem b.pem`)',
  }),
};

function issuerNotFound(ctx: ExplainContext, c: CertInfo) {
  const { trusted, untrusted } = ctx.input;
  if (c.opensslInvalid) {
    return {
      cause: `${q(displayName(c))} ${invalidWhy(c)}; OpenSSL (and Envoy's BoringSSL) treat such a certificate as invalid and do not look for its issuer`,
      fix: `re-issue ${q(displayName(c))} with each extension once${c.basicConstraints?.pathLen !== undefined && !c.basicConstraints.ca ? ' and without pathlen on a CA:FALSE certificate' : ''}`,
    };
  }
  const invalidIssuer = [...untrusted, ...trusted].find((t) => t.subjectKey === c.issuerKey && t.opensslInvalid);
  if (invalidIssuer) {
    return {
      cause: `the issuer ${q(invalidIssuer.subject)} of ${q(displayName(c))} was given, but it ${invalidWhy(invalidIssuer)}; OpenSSL treats it as invalid and never uses it as an issuer`,
      fix: `re-issue ${q(invalidIssuer.subject)} with each extension once (same key, so the certificates below stay valid)`,
    };
  }
  const sameNameTrusted = trusted.find((t) => t.subjectKey === c.issuerKey);
  const sameNameUntrusted = untrusted.find((t) => t.subjectKey === c.issuerKey);
  const other = sameNameTrusted ?? sameNameUntrusted;
  if (other) {
    const keyInfo = c.akiKeyId
      ? ` (its authority key id ${c.akiKeyId.slice(0, 16)}… ≠ the ${sameNameTrusted ? 'trusted root' : 'chain certificate'}'s subject key id ${(other.ski ?? 'none').slice(0, 16)}…)`
      : '';
    return {
      cause: `the ${ctx.depth === 0 ? 'workload certificate' : 'intermediate'}'s issuer ${q(c.issuer)} matches the ${sameNameTrusted ? 'trusted root' : 'chain certificate'}'s subject but not its key${keyInfo}: the ${sameNameTrusted ? 'root' : 'issuer'} was regenerated`,
      fix: `distribute the ${q(c.issuer)} that signed it (${sameNameTrusted ? 'root-cert.pem' : 'in cert-chain.pem'}), or re-issue ${q(displayName(c))} from the current one`,
    };
  }
  if (ctx.depth === 0 || !c.selfIssued) {
    const missingIntermediate = ctx.chain.length === 1 || trusted.length > 0;
    return {
      cause: `no certificate for the issuer ${q(c.issuer)} of ${q(displayName(c))} was found in the chain${missingIntermediate ? '' : ''} or among the trusted roots (${trusted.length ? trusted.map((t) => q(t.subject)).join(', ') : 'none given'})`,
      fix: `if ${q(c.issuer)} is an intermediate, append it to the chain (cert-chain.pem must hold ca-cert.pem and everything up to the root); if it is the root, add it to --roots / root-cert.pem`,
    };
  }
  return { cause: `the issuer ${q(c.issuer)} was not found`, fix: 'add it to the chain or the trusted roots' };
}

function sanList(c: CertInfo, type: string): string {
  const v = c.sans.filter((s) => s.type === type).map((s) => s.value);
  return v.length ? v.join(', ') : 'none';
}

function invalidWhy(c: CertInfo): string {
  if (c.duplicateExtensions.length) return `has the extension ${c.duplicateExtensions.map(extName).join(', ')} more than once`;
  return 'has a pathlen with CA:FALSE';
}

/** Short names of the extensions findings mention. */
export function extName(oid: string): string {
  return (
    (
      {
        '2.5.29.19': 'basicConstraints',
        '2.5.29.15': 'keyUsage',
        '2.5.29.37': 'extendedKeyUsage',
        '2.5.29.14': 'subjectKeyIdentifier',
        '2.5.29.35': 'authorityKeyIdentifier',
        '2.5.29.17': 'subjectAltName',
        '2.5.29.30': 'nameConstraints',
        '2.5.29.32': 'certificatePolicies',
      } as Record<string, string>
    )[oid] ?? oid
  );
}

function otherRoots(ctx: ExplainContext): string {
  const t = ctx.input.trusted;
  if (t.length === 0) return ' (no trusted roots were given)';
  return ` (trusted: ${t.map((r) => `${q(r.subject)} ${fp(r)}`).join(', ')})`;
}

function invalidCa(ctx: ExplainContext, c: CertInfo) {
  const bc = c.basicConstraints;
  const why =
    c.keyUsage !== undefined && (c.keyUsage & 32) === 0
      ? 'its keyUsage does not include keyCertSign'
      : bc && !bc.ca
        ? 'its basicConstraints say CA:FALSE'
        : 'it has no basicConstraints CA:TRUE';
  return {
    cause: `${q(c.subject)} is used as a CA at depth ${ctx.depth} but ${why}`,
    fix: `re-issue ${q(c.subject)} with basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign (\`tctl x ca create-intermediate\` does this)`,
  };
}

function wrongPurpose(ctx: ExplainContext, c: CertInfo) {
  const want = ctx.input.purpose === 'client' ? 'clientAuth' : 'serverAuth';
  const eku = c.extKeyUsage ? c.extKeyUsage.map(ekuName).join(', ') : 'none';
  const isEku = c.extKeyUsage !== undefined && !c.extKeyUsage.some((u) => u === (want === 'clientAuth' ? '1.3.6.1.5.5.7.3.2' : '1.3.6.1.5.5.7.3.1'));
  const cause = isEku
    ? `${q(displayName(c))} may not be used for TLS ${ctx.input.purpose}: its extendedKeyUsage (${eku}) lacks ${want}`
    : ctx.depth === 0
      ? `${q(displayName(c))}'s keyUsage does not allow a TLS ${ctx.input.purpose} key (needs digitalSignature${ctx.input.purpose === 'server' ? ' or keyEncipherment' : ''})`
      : `${q(c.subject)} is not a valid CA for TLS ${ctx.input.purpose}`;
  return {
    cause,
    fix:
      ctx.depth === 0
        ? `Istio workload certificates carry both serverAuth and clientAuth; re-issue it with extendedKeyUsage=serverAuth,clientAuth`
        : `re-issue ${q(c.subject)} without an extendedKeyUsage extension (or with one that includes ${want})`,
  };
}

function ekuName(oid: string): string {
  return (
    (
      {
        '1.3.6.1.5.5.7.3.1': 'serverAuth',
        '1.3.6.1.5.5.7.3.2': 'clientAuth',
        '1.3.6.1.5.5.7.3.3': 'codeSigning',
        '1.3.6.1.5.5.7.3.4': 'emailProtection',
      } as Record<string, string>
    )[oid] ?? oid
  );
}

function ncList(c: CertInfo, which: 'permitted' | 'excluded'): string {
  const list = c.nameConstraints?.[which] ?? [];
  return list.map((s) => `${s.type.toUpperCase()}:${s.value}`).join(', ') || 'none';
}
