// rootca-compare: two workloads can talk mTLS when they share at least one root (Istio ≥ 1.25
// compares every root of one bundle with every root of the other, byte for byte, so a bundle
// holding old and new roots during a rotation matches both sides).
import { MeshError, PkiErrors } from '../api/index.js';
import { parseCertificate, type CertInfo } from './certificate.js';
import { readCertificates } from './pem.js';

/** A root as shown to users. */
export interface RootSummary {
  readonly subject: string;
  readonly fingerprint256: string;
  readonly notAfter: string;
}

/** The comparison of two ROOTCA bundles. */
export interface RootCompare {
  readonly match: boolean;
  readonly shared: readonly RootSummary[];
  readonly onlyA: readonly RootSummary[];
  readonly onlyB: readonly RootSummary[];
}

/** Parses a ROOTCA bundle into certificates. */
export function parseRoots(pem: string, source: string): CertInfo[] {
  return readCertificates(pem, source).ders.map((d, i) => parseCertificate(d, `${source} root ${i + 1}`));
}

/** Summary of one root certificate. */
export function summarizeRoot(c: CertInfo): RootSummary {
  return { subject: c.subject, fingerprint256: c.fingerprint256, notAfter: c.notAfter.toISOString() };
}

/** Compares two bundles: match when any DER-identical root is in both. */
export function compareRoots(a: readonly CertInfo[], b: readonly CertInfo[]): RootCompare {
  const inB = new Set(b.map((c) => c.fingerprint256));
  const inA = new Set(a.map((c) => c.fingerprint256));
  const shared = a.filter((c) => inB.has(c.fingerprint256));
  return {
    match: shared.length > 0,
    shared: dedupe(shared).map(summarizeRoot),
    onlyA: dedupe(a.filter((c) => !inB.has(c.fingerprint256))).map(summarizeRoot),
    onlyB: dedupe(b.filter((c) => !inA.has(c.fingerprint256))).map(summarizeRoot),
  };
}

function dedupe(list: readonly CertInfo[]): CertInfo[] {
  return list.filter((c, i) => list.findIndex((d) => d.fingerprint256 === c.fingerprint256) === i);
}

/** One workload and the roots its proxy trusts (e.g. from an agent's inventory). */
export interface WorkloadRoots {
  readonly workload: string;
  readonly roots: readonly CertInfo[];
}

/** Workloads that can reach each other: connected through shared roots. */
export interface RootGroup {
  readonly workloads: readonly string[];
  readonly roots: readonly RootSummary[];
}

/** Result of `rootca-compare --all`: groups (largest first) and the workloads outside the largest. */
export interface RootGrouping {
  readonly groups: readonly RootGroup[];
  readonly outliers: readonly string[];
  /** Workloads that reported no roots at all. */
  readonly missing: readonly string[];
}

/**
 * Groups workloads into connected components of "shares a root with": a rotation bundle (old +
 * new root) links the workloads on the old root with those already on the new one.
 */
export function groupByRoots(list: readonly WorkloadRoots[]): RootGrouping {
  const missing = list.filter((w) => w.roots.length === 0).map((w) => w.workload);
  const present = list.filter((w) => w.roots.length > 0);
  const parent = present.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const byRoot = new Map<string, number>();
  present.forEach((w, i) => {
    for (const r of w.roots) {
      const j = byRoot.get(r.fingerprint256);
      if (j === undefined) byRoot.set(r.fingerprint256, i);
      else parent[find(i)] = find(j);
    }
  });
  const comps = new Map<number, number[]>();
  present.forEach((_, i) => comps.set(find(i), [...(comps.get(find(i)) ?? []), i]));
  const groups = [...comps.values()]
    .map((idx) => {
      const roots = new Map<string, CertInfo>();
      for (const i of idx) for (const r of present[i].roots) roots.set(r.fingerprint256, r);
      return { workloads: idx.map((i) => present[i].workload).sort(), roots: [...roots.values()].map(summarizeRoot) };
    })
    .sort((a, b) => b.workloads.length - a.workloads.length || a.workloads[0].localeCompare(b.workloads[0]));
  return { groups, outliers: groups.slice(1).flatMap((g) => g.workloads), missing };
}

/** Reads the `--all` input: a JSON array of {workload, roots: PEM}. */
export function parseWorkloadRoots(text: string, source: string): WorkloadRoots[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new MeshError(PkiErrors.WorkloadRootsInvalid, `${source}: not JSON (${(e as Error).message})`, { field: source });
  }
  const items = Array.isArray(doc) ? doc : (doc as { workloads?: unknown })?.workloads;
  if (!Array.isArray(items))
    throw new MeshError(PkiErrors.WorkloadRootsInvalid, `${source}: expected a JSON array (or {"workloads": [...]})`, { field: source });
  return items.map((it: unknown, i) => {
    const w = it as { workload?: unknown; roots?: unknown };
    if (typeof w?.workload !== 'string' || w.workload === '')
      throw new MeshError(PkiErrors.WorkloadRootsInvalid, `${source}[${i}].workload: missing`, { field: `${source}[${i}].workload` });
    if (w.roots !== undefined && typeof w.roots !== 'string')
      throw new MeshError(PkiErrors.WorkloadRootsInvalid, `${source}[${i}].roots: must be a PEM string`, { field: `${source}[${i}].roots` });
    const roots = typeof w.roots === 'string' && w.roots.trim() !== '' ? parseRoots(w.roots, `${source}[${i}].roots`) : [];
    return { workload: w.workload, roots };
  });
}
