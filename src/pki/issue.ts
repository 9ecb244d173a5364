// Low-level certificate creation: @peculiar/x509 assembles and signs the certificate (WebCrypto
// from node:crypto), this file decides the extensions. Used by the CA commands, the management
// plane's per-cluster intermediates and the tests' corpus of good and broken chains.
import { createHash, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { children, readTlv } from './der.js';
import { encodeNameConstraints, type Subtree } from './name-constraints.js';
import type { San } from './certificate.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** What to put in a certificate; every extension is optional so broken certificates can be made too. */
export interface CertSpec {
  /** Distinguished name, e.g. `CN=Intermediate CA, O=Istio, L=east`; '' for an empty subject. */
  readonly subject: string;
  /** Issuer name; defaults to `subject` (self-issued). */
  readonly issuer?: string;
  readonly publicKey: KeyObject;
  readonly signingKey: KeyObject;
  /** Hex serial; must be positive (first byte < 0x80). */
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** basicConstraints; omitted when undefined. */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical?: boolean };
  readonly keyUsage?: number;
  readonly extKeyUsage?: readonly string[];
  readonly sans?: readonly San[];
  readonly sanCritical?: boolean;
  /** Add a subjectKeyIdentifier (SHA-1 of the public key, RFC 5280 method 1). Default true. */
  readonly ski?: boolean;
  /** authorityKeyIdentifier keyId (hex); omitted when undefined. */
  readonly akiKeyId?: string;
  readonly nameConstraints?: { readonly permitted?: readonly Subtree[]; readonly excluded?: readonly Subtree[] };
  /** Mark nameConstraints critical (RFC 5280 requires it). Default true. */
  readonly nameConstraintsCritical?: boolean;
  /** Signature hash; SHA-256 (SHA-384 for P-384 keys) unless given. */
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384';
  /** Extra raw extensions, e.g. an unknown critical one. */
  readonly extra?: readonly { readonly oid: string; readonly critical: boolean; readonly value: Uint8Array }[];
}

/** RFC 5280 method-1 key identifier: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): string {
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const seq = readTlv(spki, 0);
  const bits = children(spki, seq)[1];
  return createHash('sha1')
    .update(spki.subarray(bits.start + 1, bits.end))
    .digest('hex');
}

// Importing a key into WebCrypto costs more than signing with it; corpora sign many times per key.
const imported = new WeakMap<KeyObject, Map<string, Promise<webcrypto.CryptoKey>>>();

/** Creates and signs one certificate; returns its DER. */
export async function createCertificate(spec: CertSpec): Promise<Uint8Array> {
  const alg = signingAlgorithm(spec.signingKey, spec.hash);
  let perHash = imported.get(spec.signingKey);
  if (!perHash) imported.set(spec.signingKey, (perHash = new Map()));
  let pending = perHash.get(alg.hash as string);
  if (!pending) {
    pending = webcrypto.subtle.importKey('pkcs8', spec.signingKey.export({ format: 'der', type: 'pkcs8' }), alg, false, ['sign']);
    perHash.set(alg.hash as string, pending);
  }
  const signingKey = await pending;
  const publicKey = new x509.PublicKey(new Uint8Array(spec.publicKey.export({ format: 'der', type: 'spki' })));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serialHex,
    subject: spec.subject,
    issuer: spec.issuer ?? spec.subject,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey,
    signingKey: signingKey as unknown as x509.X509CertificateCreateWithKeyParams['signingKey'],
    signingAlgorithm: alg,
    extensions: extensions(spec),
  });
  return new Uint8Array(cert.rawData);
}

function extensions(spec: CertSpec): x509.Extension[] {
  const out: x509.Extension[] = [];
  const bc = spec.basicConstraints;
  if (bc) out.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLen, bc.critical ?? true));
  if (spec.keyUsage !== undefined) out.push(new x509.KeyUsagesExtension(spec.keyUsage, true));
  if (spec.extKeyUsage) out.push(new x509.ExtendedKeyUsageExtension([...spec.extKeyUsage], false));
  if (spec.ski !== false) out.push(new x509.SubjectKeyIdentifierExtension(keyIdentifier(spec.publicKey)));
  if (spec.akiKeyId) out.push(new x509.AuthorityKeyIdentifierExtension(spec.akiKeyId));
  if (spec.sans?.length) {
    const names = spec.sans.map((s) => ({ type: s.type === 'uri' ? 'url' : s.type, value: s.value }) as x509.JsonGeneralName);
    out.push(new x509.SubjectAlternativeNameExtension(names, spec.sanCritical ?? false));
  }
  if (spec.nameConstraints) out.push(new x509.Extension('2.5.29.30', spec.nameConstraintsCritical ?? true, encodeNameConstraints(spec.nameConstraints)));
  for (const e of spec.extra ?? []) out.push(new x509.Extension(e.oid, e.critical, e.value));
  return out;
}

function signingAlgorithm(
  key: KeyObject,
  hash?: string,
): (webcrypto.EcKeyImportParams & { hash: string }) | (webcrypto.RsaHashedImportParams & { hash: string }) {
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256';
    return { name: 'ECDSA', namedCurve: curve, hash: hash ?? (curve === 'P-384' ? 'SHA-384' : 'SHA-256') };
  }
  return { name: 'RSASSA-PKCS1-v1_5', hash: hash ?? 'SHA-256' };
}
