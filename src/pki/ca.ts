// Istio plug-in CA material (the `cacerts` secret): one mesh root, one intermediate per cluster,
// with the extensions of Istio's tools/certs recipe, and the checks istiod runs when it loads them.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { MeshError, PkiErrors } from '../api/index.js';
import { KU, parseCertificate, type CertInfo } from './certificate.js';
import { createCertificate, keyIdentifier } from './issue.js';
import { readCertificates, toPem } from './pem.js';
import { verifyChain } from './verify.js';

const DAY = 86_400_000;
const CA_KU = KU.digitalSignature | KU.nonRepudiation | KU.keyEncipherment | KU.keyCertSign;

/** Key algorithm for new CA keys: Istio's recipe uses RSA 4096; EC P-256 is much faster. */
export type CaKeyType = 'rsa' | 'ec';

/** A CA certificate and its private key, both PEM. */
export interface CaMaterial {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The four files of Istio's cacerts secret. */
export interface PluginCaBundle {
  readonly 'ca-cert.pem': string;
  readonly 'ca-key.pem': string;
  readonly 'root-cert.pem': string;
  readonly 'cert-chain.pem': string;
}

/** The file names istiod requires, in the order it reads them. */
export const PLUGIN_CA_FILES = ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem'] as const;

/** Generates a CA key pair (RSA 4096 by default, or EC P-256). */
export function generateCaKey(type: CaKeyType = 'rsa', rsaBits = 4096): { privateKey: KeyObject; publicKey: KeyObject } {
  return type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: rsaBits });
}

/** Options shared by root and intermediate creation; `now` and `serialHex` make output reproducible. */
export interface CaOptions {
  readonly now: Date;
  readonly days?: number;
  readonly keyType?: CaKeyType;
  readonly key?: { privateKey: KeyObject; publicKey: KeyObject };
  readonly serialHex?: string;
  readonly org?: string;
}

function serial(hex?: string): string {
  if (hex !== undefined) return hex;
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return b.toString('hex');
}

/** Creates the mesh root: CA:TRUE (critical), keyCertSign, 10 years, O=Istio CN=Root CA. */
export async function createRootCa(opts: CaOptions & { readonly commonName?: string }): Promise<CaMaterial> {
  const key = opts.key ?? generateCaKey(opts.keyType);
  const subject = `O=${opts.org ?? 'Istio'}, CN=${opts.commonName ?? 'Root CA'}`;
  const der = await createCertificate({
    subject,
    publicKey: key.publicKey,
    signingKey: key.privateKey,
    serialHex: serial(opts.serialHex),
    notBefore: new Date(opts.now.getTime() - 5 * 60_000),
    notAfter: new Date(opts.now.getTime() + (opts.days ?? 3650) * DAY),
    basicConstraints: { ca: true, critical: true },
    keyUsage: CA_KU,
  });
  return { certPem: toPem(der), keyPem: key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** Reads a PEM private key; the error names the file. */
export function readPrivateKey(pem: string, source: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw new MeshError(PkiErrors.KeyInvalid, `${source}: ${(e as Error).message}`, { field: source, cause: e });
  }
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Issues a cluster's intermediate from the mesh root and returns the cacerts layout: CA:TRUE
 * pathlen:0, the recipe's keyUsage, SAN DNS:istiod.istio-system.svc, O=Istio CN=Intermediate CA
 * L=<cluster>, 2 years by default (never past the root's notAfter).
 */
export async function issueIntermediate(root: CaMaterial, cluster: string, opts: CaOptions): Promise<PluginCaBundle> {
  if (!DNS1123.test(cluster)) throw new MeshError(PkiErrors.InvalidCaRequest, `cluster "${cluster}" is not a DNS-1123 label`, { field: '--cluster' });
  const rootCert = parseCertificate(readCertificates(root.certPem, 'root-cert.pem').ders[0], 'root-cert.pem');
  const rootKey = readPrivateKey(root.keyPem, 'root-key.pem');
  assertKeyMatches(rootCert, rootKey, 'root-key.pem', 'root-cert.pem');
  if (!rootCert.basicConstraints?.ca)
    throw new MeshError(PkiErrors.InvalidCaRequest, 'root-cert.pem is not a CA certificate (basicConstraints CA:TRUE missing)', { field: '--root-cert' });
  const key = opts.key ?? generateCaKey(opts.keyType);
  const notAfter = Math.min(opts.now.getTime() + (opts.days ?? 730) * DAY, rootCert.notAfter.getTime());
  const der = await createCertificate({
    subject: `O=${opts.org ?? 'Istio'}, CN=Intermediate CA, L=${cluster}`,
    issuer: rootCert.subject,
    publicKey: key.publicKey,
    signingKey: rootKey,
    serialHex: serial(opts.serialHex),
    notBefore: new Date(opts.now.getTime() - 5 * 60_000),
    notAfter: new Date(notAfter),
    basicConstraints: { ca: true, pathLen: 0, critical: true },
    keyUsage: CA_KU,
    sans: [{ type: 'dns', value: 'istiod.istio-system.svc' }],
    akiKeyId: rootCert.ski ?? keyIdentifier(createPublicKey(rootKey)),
  });
  const caCert = toPem(der);
  return {
    'ca-cert.pem': caCert,
    'ca-key.pem': key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    'root-cert.pem': root.certPem,
    'cert-chain.pem': caCert + root.certPem,
  };
}

/** Rotation: a new key and certificate for the same cluster from the same root; old roots kept in root-cert.pem. */
export async function rotateIntermediate(root: CaMaterial, current: PluginCaBundle, cluster: string, opts: CaOptions): Promise<PluginCaBundle> {
  const next = await issueIntermediate(root, cluster, opts);
  // Keep every root the cluster trusted so workloads with old certificates still verify.
  const roots = new Map<string, string>();
  for (const pem of [root.certPem, current['root-cert.pem']]) {
    for (const der of readCertificates(pem, 'root-cert.pem').ders) roots.set(Buffer.from(der).toString('base64'), toPem(der));
  }
  return { ...next, 'root-cert.pem': [...roots.values()].join('') };
}

function assertKeyMatches(cert: CertInfo, key: KeyObject, keySource: string, certSource: string): void {
  const a = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const b = cert.publicKey?.export({ format: 'der', type: 'spki' });
  if (!b || !a.equals(b))
    throw new MeshError(PkiErrors.CaBundleInvalid, `${keySource} does not match the public key of ${certSource}`, {
      field: keySource,
      fix: `Use the key that was generated together with ${certSource}.`,
    });
}

/** istiod's load-time checks of cacerts: all files present, key matches, ca-cert verifies to root via the chain. */
export function checkPluginCaBundle(
  files: Readonly<{ [K in (typeof PLUGIN_CA_FILES)[number]]?: string }>,
  now: Date,
): { signingCert: CertInfo; chainLength: number } {
  const present = PLUGIN_CA_FILES.filter((f) => (files[f] ?? '').trim() !== '');
  const missing = PLUGIN_CA_FILES.filter((f) => !present.includes(f));
  if (missing.length)
    throw new MeshError(
      PkiErrors.CaBundleIncomplete,
      `incomplete signing CA bundle detected: missing ${missing.join(', ')} (present: ${present.join(', ') || 'none'})`,
      { field: missing[0] },
    );
  const load = (f: (typeof PLUGIN_CA_FILES)[number]) =>
    readCertificates(files[f] as string, f).ders.map((d, i) => parseCertificate(d, `${f} certificate ${i + 1}`));
  const [signing] = load('ca-cert.pem');
  const chain = load('cert-chain.pem');
  const roots = load('root-cert.pem');
  assertKeyMatches(signing, readPrivateKey(files['ca-key.pem'] as string, 'ca-key.pem'), 'ca-key.pem', 'ca-cert.pem');
  if (!signing.basicConstraints?.ca)
    throw new MeshError(PkiErrors.CaBundleInvalid, 'ca-cert.pem is not a CA certificate (basicConstraints CA:TRUE missing)', { field: 'ca-cert.pem' });
  const r = verifyChain({ leaf: signing, untrusted: chain, trusted: roots, at: now });
  if (!r.ok) {
    const p = r.problems[0];
    throw new MeshError(
      PkiErrors.CaBundleInvalid,
      `cannot verify the cert with the provided root chain and cert pool: at depth ${p.depth} (${p.name}) ${p.cause}`,
      { field: 'cert-chain.pem', fix: p.fix, details: { problems: r.problems.map((x) => ({ error: x.error, depth: x.depth, cause: x.cause })) } },
    );
  }
  return { signingCert: signing, chainLength: r.chain.length };
}

/** The `cacerts` Secret manifest istiod reads (namespace istio-system, Opaque, the four files). */
export function cacertsSecret(bundle: PluginCaBundle, namespace = 'istio-system'): Record<string, unknown> {
  const data: Record<string, string> = {};
  for (const f of PLUGIN_CA_FILES) data[f] = Buffer.from(bundle[f]).toString('base64');
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cacerts', namespace }, type: 'Opaque', data };
}

/** Where a cluster's intermediate stands in its lifetime, for the management plane's rotation loop. */
export interface IntermediateStatus {
  readonly notAfter: Date;
  /** When rotation is due: `ratio` of the lifetime elapsed (Istio rotates workload certs at 50 %). */
  readonly rotateAt: Date;
  readonly needsRotation: boolean;
  readonly expired: boolean;
}

/** Computes the rotation point of a bundle's ca-cert.pem; `ratio` defaults to 0.8 for CA certificates. */
export function intermediateStatus(bundle: Pick<PluginCaBundle, 'ca-cert.pem'>, now: Date, ratio = 0.8): IntermediateStatus {
  if (!(ratio > 0 && ratio <= 1)) throw new MeshError(PkiErrors.InvalidCaRequest, `rotation ratio ${ratio} must be in (0, 1]`, { field: 'ratio' });
  const c = parseCertificate(readCertificates(bundle['ca-cert.pem'], 'ca-cert.pem').ders[0], 'ca-cert.pem');
  const start = c.notBefore.getTime();
  const rotateAt = new Date(start + (c.notAfter.getTime() - start) * ratio);
  return { notAfter: c.notAfter, rotateAt, needsRotation: now.getTime() >= rotateAt.getTime(), expired: now.getTime() >= c.notAfter.getTime() };
}
