import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { MeshError, PkiErrors } from '../api/index.js';
import { canonicalRdns, children, decodeOid, readTlv, DerError } from './der.js';
import type { NameConstraints } from './name-constraints.js';
import { parseExtensions, parseRawCertificate, type RawCertificate, type San } from './x509-parse.js';

export type { San } from './x509-parse.js';

/** keyUsage bits (RFC 5280 order, as @peculiar/x509 numbers them). */
export const KU = { digitalSignature: 1, nonRepudiation: 2, keyEncipherment: 4, dataEncipherment: 8, keyAgreement: 16, keyCertSign: 32, cRLSign: 64 } as const;
/** extendedKeyUsage OIDs that matter to TLS. */
export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  nsSgc: '2.16.840.1.113730.4.1',
  msSgc: '1.3.6.1.4.1.311.10.3.3',
} as const;

// Extensions OpenSSL understands (X509_supported_extension); any other critical one is fatal.
const SUPPORTED_CRITICAL = new Set([
  '2.16.840.1.113730.1.1',
  '2.5.29.15',
  '2.5.29.17',
  '2.5.29.19',
  '2.5.29.32',
  '2.5.29.37',
  '1.3.6.1.5.5.7.1.7',
  '1.3.6.1.5.5.7.1.8',
  '2.5.29.36',
  '1.3.6.1.5.5.7.1.14',
  '2.5.29.30',
  '2.5.29.33',
  '2.5.29.54',
  '1.3.6.1.5.5.7.1.24',
]);

/** Everything meshbridge reads from one certificate; field names follow RFC 5280. */
export interface CertInfo {
  readonly der: Uint8Array;
  readonly subject: string;
  readonly issuer: string;
  readonly subjectKey: string;
  readonly issuerKey: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number };
  readonly keyUsage?: number;
  readonly extKeyUsage?: readonly string[];
  readonly ski?: string;
  readonly akiKeyId?: string;
  readonly sans: readonly San[];
  readonly spiffeId?: string;
  readonly nameConstraints?: NameConstraints;
  readonly unhandledCritical: readonly string[];
  /** OIDs of extensions that appear more than once. */
  readonly duplicateExtensions: readonly string[];
  /**
   * OpenSSL's EXFLAG_INVALID: an extension OpenSSL decodes appears twice, or pathLen is set with
   * CA:FALSE. OpenSSL then never uses the certificate as an issuer nor finds an issuer for it.
   */
  readonly opensslInvalid: boolean;
  /** Canonical RDNs of the subject (directoryName constraints compare a prefix of these). */
  readonly subjectRdns: readonly string[];
  /** Number of attribute values in the subject (OpenSSL's X509_NAME_entry_count). */
  readonly subjectEntryCount: number;
  /** emailAddress attributes of the subject (checked against email name constraints). */
  readonly subjectEmails: readonly string[];
  /** All extensions as read (OID, criticality, DER value), for the strict verifier and lint. */
  readonly extensions: readonly { readonly oid: string; readonly critical: boolean; readonly value: Uint8Array }[];
  /** RSA modulus bits or EC curve bits, from the SPKI. */
  readonly keyBits?: number;
  readonly tbs: Uint8Array;
  readonly sigAlgOid: string;
  readonly signature: Uint8Array;
  /** Built on first use (signature checks): creating it costs more than parsing. */
  readonly publicKey?: KeyObject;
  readonly keyType: string;
  /** Key family from the SPKI algorithm: ec, rsa, ed25519; undefined when unknown. */
  readonly keyAlg?: string;
  readonly fingerprint256: string;
  /** X.509 version (1 or 3); v1 self-signed roots are tolerated as CAs. */
  readonly version: number;
  /** OpenSSL's "self-issued" (EXFLAG_SI): subject equals issuer. */
  readonly selfIssued: boolean;
  /** OpenSSL's "self-signed" (EXFLAG_SS): self-issued, AKI (if any) matches SKI, signature algorithm fits the key. */
  readonly selfSigned: boolean;
}

/** Parses one DER certificate; `label` names it in errors ("chain.pem certificate 2"). */
export function parseCertificate(der: Uint8Array, label: string): CertInfo {
  try {
    return build(der, parseRawCertificate(der));
  } catch (e) {
    const why = e instanceof DerError ? e.message : (e as Error).message;
    throw new MeshError(PkiErrors.CertificateInvalid, `${label}: not a valid X.509 certificate (${why})`, { field: label, cause: e });
  }
}

function build(der: Uint8Array, raw: RawCertificate): CertInfo {
  const ext = parseExtensions(raw.extensions);
  const unhandledCritical = raw.extensions.filter((e) => e.critical && !SUPPORTED_CRITICAL.has(e.oid)).map((e) => e.oid);
  const subjectRdns = canonicalRdns(raw.subjectDer);
  const subjectKey = subjectRdns.join(',');
  const issuerKey = canonicalRdns(raw.issuerDer).join(',');
  const oids = raw.extensions.map((e) => e.oid);
  const duplicateExtensions = [...new Set(oids.filter((o, i) => oids.indexOf(o) !== i))];
  const keyAlg = spkiAlgorithm(raw.spki);
  // Creating the KeyObject costs more than parsing the certificate; only signature checks need it.
  let cached: { key?: KeyObject; keyType: string } | undefined;
  const lazy = () => (cached ??= readKey(raw.spki));
  const akiMatches = ext.akiKeyId === undefined || ext.ski === undefined || ext.akiKeyId === ext.ski;
  const selfIssued = subjectKey === issuerKey;
  return {
    der,
    subject: raw.subject,
    issuer: raw.issuer,
    subjectKey,
    issuerKey,
    serialHex: raw.serialHex,
    notBefore: raw.notBefore,
    notAfter: raw.notAfter,
    ...ext,
    unhandledCritical,
    duplicateExtensions,
    opensslInvalid:
      duplicateExtensions.some((o) => OPENSSL_DECODED.has(o)) ||
      (ext.basicConstraints !== undefined && !ext.basicConstraints.ca && ext.basicConstraints.pathLen !== undefined),
    subjectRdns,
    subjectEntryCount: subjectRdns.reduce((n, r) => n + (r === '' ? 0 : r.split('+').length), 0),
    subjectEmails: subjectRdns
      .flatMap((r) => r.split('+'))
      .filter((a) => a.startsWith('1.2.840.113549.1.9.1='))
      .map((a) => a.slice(21)),
    extensions: raw.extensions,
    keyBits: spkiBits(raw.spki, keyAlg),
    spiffeId: ext.sans.find((s) => s.type === 'uri' && s.value.startsWith('spiffe://'))?.value,
    tbs: raw.tbs,
    sigAlgOid: raw.sigAlgOid,
    signature: raw.signature,
    get publicKey() {
      return lazy().key;
    },
    get keyType() {
      return lazy().keyType;
    },
    keyAlg,
    fingerprint256: createHash('sha256').update(der).digest('hex'),
    selfIssued,
    selfSigned: selfIssued && akiMatches && ownSigAlgMatches(raw.sigAlgOid, keyAlg),
    version: raw.version,
  };
}

function readKey(spki: Uint8Array): { key?: KeyObject; keyType: string } {
  let key: KeyObject | undefined;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return { keyType: 'unknown' };
  }
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec')
    return { key, keyType: `EC ${d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : String(d.namedCurve)}` };
  if (key.asymmetricKeyType === 'rsa') return { key, keyType: `RSA ${d.modulusLength}` };
  return { key, keyType: String(key.asymmetricKeyType).toUpperCase() };
}

// Signature algorithm OID → [key family, hash] for node:crypto.verify.
const SIG_ALGS: Record<string, [string, string | null]> = {
  '1.2.840.10045.4.3.2': ['ec', 'sha256'],
  '1.2.840.10045.4.3.3': ['ec', 'sha384'],
  '1.2.840.10045.4.3.4': ['ec', 'sha512'],
  '1.2.840.10045.4.1': ['ec', 'sha1'],
  '1.2.840.113549.1.1.11': ['rsa', 'sha256'],
  '1.2.840.113549.1.1.12': ['rsa', 'sha384'],
  '1.2.840.113549.1.1.13': ['rsa', 'sha512'],
  '1.2.840.113549.1.1.5': ['rsa', 'sha1'],
  '1.3.101.112': ['ed25519', null],
};

function ownSigAlgMatches(oid: string, keyAlg: string | undefined): boolean {
  const alg = SIG_ALGS[oid];
  return !alg || !keyAlg || alg[0] === keyAlg;
}

// Extensions OpenSSL's x509v3_cache_extensions decodes: a duplicate of any of them makes the certificate invalid.
const OPENSSL_DECODED = new Set([
  '2.5.29.19',
  '1.3.6.1.5.5.7.1.14',
  '2.5.29.15',
  '2.5.29.37',
  '2.16.840.1.113730.1.1',
  '2.5.29.14',
  '2.5.29.35',
  '2.5.29.17',
  '2.5.29.18',
  '2.5.29.30',
  '2.5.29.31',
  '1.3.6.1.5.5.7.1.7',
  '1.3.6.1.5.5.7.1.8',
]);

/** RSA modulus length or EC field size in bits, read from the SPKI without a KeyObject. */
function spkiBits(spki: Uint8Array, alg: string | undefined): number | undefined {
  const seq = readTlv(spki, 0);
  const [algT, bitsT] = children(spki, seq);
  if (!algT || !bitsT) return undefined;
  if (alg === 'ec') {
    const curve = children(spki, algT)[1];
    const oid = curve?.tag === 0x06 ? decodeOid(spki.subarray(curve.start, curve.end)) : '';
    return ({ '1.2.840.10045.3.1.7': 256, '1.3.132.0.34': 384, '1.3.132.0.35': 521, '1.3.132.0.33': 224 } as Record<string, number>)[oid];
  }
  if (alg !== 'rsa') return undefined;
  const inner = spki.subarray(bitsT.start + 1, bitsT.end);
  const n = children(inner, readTlv(inner, 0))[0];
  if (!n) return undefined;
  let start = n.start;
  while (start < n.end && inner[start] === 0) start++;
  if (start === n.end) return 0;
  return (n.end - start - 1) * 8 + (32 - Math.clz32(inner[start]));
}

const KEY_ALGS: Record<string, string> = { '1.2.840.10045.2.1': 'ec', '1.2.840.113549.1.1.1': 'rsa', '1.3.101.112': 'ed25519', '1.3.101.113': 'ed448' };

/** Key family from the SPKI's algorithm OID, without building a KeyObject. */
function spkiAlgorithm(spki: Uint8Array): string | undefined {
  const seq = readTlv(spki, 0);
  const alg = children(spki, seq)[0];
  const oid = alg ? children(spki, alg)[0] : undefined;
  return oid?.tag === 0x06 ? KEY_ALGS[decodeOid(spki.subarray(oid.start, oid.end))] : undefined;
}

/** True when `subject`'s signature algorithm fits `issuer`'s key type (OpenSSL's check_sig_alg_match). */
export function sigAlgMatchesKey(subject: CertInfo, issuer: CertInfo): boolean {
  return ownSigAlgMatches(subject.sigAlgOid, issuer.keyAlg);
}

/** Checks `subject`'s signature with `issuer`'s public key (node:crypto). */
export function signatureValid(subject: CertInfo, issuer: CertInfo): boolean {
  const alg = SIG_ALGS[subject.sigAlgOid];
  if (!alg || !issuer.publicKey) return false;
  try {
    return cryptoVerify(alg[1], subject.tbs, issuer.publicKey, subject.signature);
  } catch {
    return false;
  }
}

/** A short human name: the subject (with the SPIFFE ID when there is one), else the SPIFFE ID, else the first SAN. */
export function displayName(c: CertInfo): string {
  if (c.subject) return c.spiffeId ? `${c.subject} (${c.spiffeId})` : c.subject;
  if (c.spiffeId) return c.spiffeId;
  if (c.sans[0]) return `${c.sans[0].type.toUpperCase()}:${c.sans[0].value}`;
  return '(empty subject)';
}
