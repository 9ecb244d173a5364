// Delivery of each cluster's plug-in CA material (istiod's `cacerts` Secret) through the agent
// stream, and the check of what a cluster reports holding against the mesh root.
import { createHash } from 'node:crypto';
import { TrustErrors } from '../../api/index.js';
import { cacertsSecret, parseCertificate, readCertificates, verifyChain } from '../../pki/index.js';
import type { ClusterCa } from './mesh-ca.js';

/** The Cluster spec field of a cluster that brings its own CA (TSB's plug-in CA path). */
export const BRING_YOUR_OWN_CA = 'bringYourOwnCa';
/** Where istiod reads plug-in CA material. */
export const CACERTS_NAMESPACE = 'istio-system';
export const CACERTS_KEY = `${CACERTS_NAMESPACE}/Secret/cacerts`;

/** True when the Cluster spec says the cluster brings its own CA. */
export function bringsOwnCa(spec: Readonly<Record<string, unknown>> | undefined): boolean {
  return spec?.[BRING_YOUR_OWN_CA] === true;
}

/**
 * The `cacerts` Secret for a cluster's agent, labelled as managed by meshbridge (so the sinks prune
 * it like any object). It carries the intermediate's private key: it only ever travels on that
 * cluster's agent stream.
 */
export function cacertsObject(ca: ClusterCa): Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
} {
  const s = cacertsSecret(ca.current, CACERTS_NAMESPACE) as { apiVersion: string; kind: string; type: string; data: Record<string, string> };
  return {
    apiVersion: s.apiVersion,
    kind: s.kind,
    metadata: { name: 'cacerts', namespace: CACERTS_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'meshbridge' }, annotations: {} },
    type: s.type,
    data: s.data,
  };
}

/** SHA-256 (hex, of the DER) of every certificate in a PEM text; [] for an empty text. */
export function fingerprints(pem: string): string[] {
  if (pem.trim() === '') return [];
  return readCertificates(pem, 'certificate').ders.map((d) => createHash('sha256').update(d).digest('hex'));
}

/** What an agent reported holding (the CaReport of its inventory). */
export interface CaReportIn {
  readonly source: string;
  readonly caCertPem: string;
  readonly certChainPem: string;
  readonly rootCertPem: string;
}

/** The CA part of a cluster's status: fingerprints held, and whether they chain to the mesh root. */
export interface ClusterCaStatus {
  /** `meshbridge` (delivered), `cluster` (brought its own) or `none`. */
  readonly source: string;
  readonly bringYourOwnCa: boolean;
  readonly caCertSha256: string;
  readonly certChainSha256: readonly string[];
  readonly rootCertSha256: readonly string[];
  /** True when ca-cert.pem verifies, through cert-chain.pem, to one of the mesh roots. */
  readonly chainsToMeshRoot: boolean;
  /** Set when it does not (or nothing is held): an MB code and the reason. */
  readonly problem?: { readonly code: string; readonly message: string; readonly fix: string };
}

/** Checks a reported CA against the mesh roots (PEM); never throws on bad input, reports it. */
export function checkCaReport(report: CaReportIn | undefined | null, meshRootsPem: string, bringYourOwnCa: boolean, now = new Date()): ClusterCaStatus {
  const empty = { source: 'none', bringYourOwnCa, caCertSha256: '', certChainSha256: [], rootCertSha256: [], chainsToMeshRoot: false };
  if (!report || report.caCertPem.trim() === '') {
    const def = TrustErrors.CaMissing;
    return { ...empty, problem: { code: def.code, message: 'the cluster reports no cacerts', fix: def.fix } };
  }
  try {
    const base = {
      source: report.source || 'none',
      bringYourOwnCa,
      caCertSha256: fingerprints(report.caCertPem)[0] ?? '',
      certChainSha256: fingerprints(report.certChainPem),
      rootCertSha256: fingerprints(report.rootCertPem),
    };
    const leaf = parseCertificate(readCertificates(report.caCertPem, 'ca-cert.pem').ders[0], 'ca-cert.pem');
    const untrusted =
      report.certChainPem.trim() === ''
        ? []
        : readCertificates(report.certChainPem, 'cert-chain.pem').ders.map((d, i) => parseCertificate(d, `cert-chain.pem certificate ${i + 1}`));
    const trusted = readCertificates(meshRootsPem, 'mesh root').ders.map((d) => parseCertificate(d, 'mesh root'));
    const r = verifyChain({ leaf, untrusted, trusted, at: now });
    if (r.ok) return { ...base, chainsToMeshRoot: true };
    const p = r.problems[0];
    const def = TrustErrors.CaChainMismatch;
    return {
      ...base,
      chainsToMeshRoot: false,
      problem: { code: def.code, message: `ca-cert.pem does not chain to the mesh root: at depth ${p.depth} (${p.name}) ${p.cause}`, fix: def.fix },
    };
  } catch (e) {
    const def = TrustErrors.CaChainMismatch;
    return {
      ...empty,
      source: report.source || 'none',
      problem: { code: def.code, message: `the reported cacerts cannot be read: ${(e as Error).message}`, fix: def.fix },
    };
  }
}
