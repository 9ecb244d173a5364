// The management plane's mesh CA: one root kept in the store's secrets, one Istio plug-in CA
// intermediate per cluster, rotated on request. Everything here runs inside a store transaction so
// a cluster and its material appear (and disappear) in the same write.
import { createHash, X509Certificate } from 'node:crypto';
import { CoreErrors, MeshError } from '../../api/index.js';
import { createRootCa, issueIntermediate, rotateIntermediate, type CaKeyType, type CaMaterial, type PluginCaBundle } from '../../pki/index.js';
import type { Reader, WriteTx } from '../../store/index.js';
import { readRotation, signingRoot, trustBundle } from './root-rotation-state.js';

/** Secret key of the mesh root (certificate and private key). */
export const ROOT_SECRET = 'mesh-ca:root';

/** Options of the mesh CA (key algorithm, lifetimes). */
export interface MeshCaOptions {
  /** Key algorithm of new root and intermediate keys; EC P-256 keeps cluster creation fast. */
  readonly keyType?: CaKeyType;
  readonly rootDays?: number;
  readonly intermediateDays?: number;
  /** Organization (O=) of the CA subjects; Istio's recipe uses "Istio". */
  readonly org?: string;
}

/** The stored root: its material and when it was created. */
export interface StoredRoot extends CaMaterial {
  readonly createdAt: string;
}

/** A certificate's identity as the API shows it (never the key). */
export interface CertSummary {
  readonly serial: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

/** What is stored per cluster: the current bundle and the intermediate it replaced (certificate only). */
export interface ClusterCa {
  readonly current: PluginCaBundle;
  readonly issuedAt: string;
  /** The replaced intermediate's certificate, listed until the next rotation; its key is dropped. */
  readonly previous?: { readonly certPem: string; readonly rotatedAt: string };
  readonly rotations: number;
}

/** The secret holding a cluster's intermediate CA (certificate and key). */
export function clusterSecret(clusterFqn: string): string {
  return `mesh-ca:cluster:${clusterFqn}`;
}

/** Public facts of a PEM certificate (first block). */
export function summarize(certPem: string): CertSummary {
  const c = new X509Certificate(certPem);
  return {
    serial: c.serialNumber,
    subject: c.subject.replace(/\n/g, ', '),
    notBefore: new Date(c.validFrom).toISOString(),
    notAfter: new Date(c.validTo).toISOString(),
    sha256: createHash('sha256').update(c.raw).digest('hex'),
  };
}

/** The mesh root, or undefined before the first start. */
export async function readRoot(reader: Reader): Promise<StoredRoot | undefined> {
  const raw = await reader.getSecret(ROOT_SECRET);
  return raw ? (JSON.parse(raw) as StoredRoot) : undefined;
}

/** Returns the mesh root, creating it in this transaction when the store has none. */
export async function ensureRoot(tx: WriteTx, opts: MeshCaOptions): Promise<{ root: StoredRoot; created: boolean }> {
  const existing = await readRoot(tx);
  if (existing) return { root: existing, created: false };
  const material = await createRootCa({
    now: new Date(),
    keyType: opts.keyType ?? 'ec',
    days: opts.rootDays,
    org: opts.org,
    commonName: 'meshbridge Mesh Root CA',
  });
  const root: StoredRoot = { ...material, createdAt: new Date().toISOString() };
  await tx.putSecret(ROOT_SECRET, JSON.stringify(root));
  return { root, created: true };
}

/**
 * The L= value for a cluster name: pki wants a DNS-1123 label, but cluster names may hold dots and
 * be 253 characters long; the locality is informational, so map it rather than refuse the cluster.
 */
export function localityOf(clusterName: string): string {
  const label = clusterName.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
  return label === '' ? 'cluster' : label;
}

function nameOf(clusterFqn: string): string {
  return clusterFqn.slice(clusterFqn.lastIndexOf('/') + 1);
}

/** The cluster's stored CA material, or undefined when it has none. */
export async function readClusterCa(reader: Reader, clusterFqn: string): Promise<ClusterCa | undefined> {
  const raw = await reader.getSecret(clusterSecret(clusterFqn));
  return raw ? (JSON.parse(raw) as ClusterCa) : undefined;
}

/**
 * A new intermediate for the cluster, signed by the root that signs now and trusting the roots
 * clusters trust now: during a root rotation both follow its step (root-rotation-state.ts), so a
 * cluster created, or an intermediate rotated, mid-rotation gets that step's material.
 */
async function issueNow(tx: WriteTx, clusterFqn: string, opts: MeshCaOptions): Promise<PluginCaBundle> {
  const { root } = await ensureRoot(tx, opts);
  const rotation = await readRotation(tx);
  const bundle = await issueIntermediate(signingRoot(rotation, root), localityOf(nameOf(clusterFqn)), {
    now: new Date(),
    keyType: opts.keyType ?? 'ec',
    days: opts.intermediateDays,
    org: opts.org,
  });
  return { ...bundle, 'root-cert.pem': trustBundle(rotation, root.certPem) };
}

/** Issues the cluster's first intermediate from the mesh root (creating the root when missing). */
export async function issueClusterCa(tx: WriteTx, clusterFqn: string, opts: MeshCaOptions): Promise<ClusterCa> {
  const bundle = await issueNow(tx, clusterFqn, opts);
  const ca: ClusterCa = { current: bundle, issuedAt: new Date().toISOString(), rotations: 0 };
  await tx.putSecret(clusterSecret(clusterFqn), JSON.stringify(ca));
  return ca;
}

/**
 * Replaces the cluster's intermediate with a new key and certificate from the root that signs now. The old
 * certificate stays listed (without its key) until the next rotation: workload certificates it
 * signed still chain to the same root, so peers keep verifying them until they are re-issued.
 */
export async function rotateClusterCa(tx: WriteTx, clusterFqn: string, opts: MeshCaOptions): Promise<ClusterCa> {
  if (!(await tx.get(clusterFqn))) throw new MeshError(CoreErrors.NotFound, `cluster ${clusterFqn} does not exist`, { field: 'cluster' });
  const current = await readClusterCa(tx, clusterFqn);
  if (!current) return issueClusterCa(tx, clusterFqn, opts);
  // Outside a root rotation, every root the cluster trusted stays trusted (rotateIntermediate's
  // rule); during one, the step decides the bundle.
  const next = (await readRotation(tx))
    ? await issueNow(tx, clusterFqn, opts)
    : await rotateIntermediate((await ensureRoot(tx, opts)).root, current.current, localityOf(nameOf(clusterFqn)), {
        now: new Date(),
        keyType: opts.keyType ?? 'ec',
        days: opts.intermediateDays,
        org: opts.org,
      });
  const now = new Date().toISOString();
  const ca: ClusterCa = {
    current: next,
    issuedAt: now,
    previous: { certPem: current.current['ca-cert.pem'], rotatedAt: now },
    rotations: current.rotations + 1,
  };
  await tx.putSecret(clusterSecret(clusterFqn), JSON.stringify(ca));
  return ca;
}

/** Removes a deleted cluster's CA material (its intermediate key must not outlive it). */
export async function dropClusterCa(tx: WriteTx, clusterFqn: string): Promise<void> {
  await tx.deleteSecret(clusterSecret(clusterFqn));
}

/** Replaces the roots the cluster's root-cert.pem holds, keeping its intermediate (a root rotation step). */
export async function rebundleClusterCa(tx: WriteTx, clusterFqn: string, rootsPem: string): Promise<ClusterCa | undefined> {
  const ca = await readClusterCa(tx, clusterFqn);
  if (!ca) return undefined;
  const next: ClusterCa = { ...ca, current: { ...ca.current, 'root-cert.pem': rootsPem } };
  await tx.putSecret(clusterSecret(clusterFqn), JSON.stringify(next));
  return next;
}
