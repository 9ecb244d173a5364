// What the workloads of one cluster trust, as its agent reported it (issue #16), and the questions
// a root rotation asks of it. Pure: the server builds and stores it (in the cluster status, so every
// replica and a restarted server read the same), gates rotation steps on it, and serves it; tctl
// formats it. Fingerprints are SHA-256 of the DER, lower-case hex.

/** The fields of the agent protocol's WorkloadTrust this needs (src/gen's type satisfies it). */
export interface WorkloadTrustReport {
  readonly namespace: string;
  readonly name: string;
  readonly rootSha256: readonly string[];
  readonly chainSha256: readonly string[];
  readonly chainRootSha256: string;
  readonly leafNotAfterMs: number;
  /** Why the sidecar's secrets could not be read; '' or absent when they were. */
  readonly error?: string;
}

/** One workload in a trust group. */
export interface TrustWorkload {
  namespace: string;
  name: string;
  /** Its leaf certificate; '' when the sidecar holds no chain. */
  leafSha256: string;
  /** ISO time; '' when the sidecar holds no chain. */
  leafNotAfter: string;
  /** Set when the agent could not read the sidecar's secrets: it passes no rotation gate. */
  error?: string;
}

/** Workloads holding the same root bundle and the same chain above their leaf. */
export interface TrustGroup {
  /** Every root of the ROOTCA bundle, sorted. */
  rootSha256: string[];
  /** The chain above the leaf (intermediates, then the root if the chain carries it). */
  intermediateSha256: string[];
  /** The bundle root the chain verifies to; '' when none does. */
  chainRootSha256: string;
  workloads: TrustWorkload[];
}

/** One cluster's workload trust; groups largest first. */
export interface ClusterTrust {
  cluster: string;
  reportedAt: string;
  total: number;
  groups: TrustGroup[];
}

/** The outcome of a rotation gate over one cluster. */
export interface TrustCheck {
  /** True when the cluster reported and every workload passes (vacuously true for none). */
  ok: boolean;
  /** False when the cluster never reported its workloads (the gate must hold). */
  reported: boolean;
  total: number;
  passing: number;
  /** `namespace/name` of the workloads that do not pass, sorted. */
  failing: string[];
}

/** How far one cluster's workloads are from root `from` to root `to`. */
export interface RotationProgress {
  from: string;
  to: string;
  total: number;
  /** Bundles holding `from` but not `to`, both, `to` only, neither. */
  oldOnly: number;
  both: number;
  newOnly: number;
  neither: number;
  /** Chains verifying to `from`, to `to`, to no root of the bundle (or another root). */
  chainsToOld: number;
  chainsToNew: number;
  chainsToOther: number;
}

const wkey = (w: { namespace: string; name: string }): string => `${w.namespace}/${w.name}`;

/** Groups one cluster's reports (pure; deterministic order). */
export function clusterTrust(cluster: string, reports: readonly WorkloadTrustReport[], reportedAt: Date): ClusterTrust {
  const groups = new Map<string, TrustGroup>();
  for (const r of reports) {
    const rootSha256 = [...r.rootSha256].sort();
    const intermediateSha256 = r.chainSha256.slice(1);
    const k = JSON.stringify([rootSha256, intermediateSha256, r.chainRootSha256]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { rootSha256, intermediateSha256, chainRootSha256: r.chainRootSha256, workloads: [] }));
    g.workloads.push({
      namespace: r.namespace,
      name: r.name,
      leafSha256: r.chainSha256[0] ?? '',
      leafNotAfter: r.leafNotAfterMs > 0 ? new Date(r.leafNotAfterMs).toISOString() : '',
      ...(r.error ? { error: r.error } : {}),
    });
  }
  const list = [...groups.values()];
  for (const g of list) g.workloads.sort((a, b) => wkey(a).localeCompare(wkey(b)));
  list.sort((a, b) => b.workloads.length - a.workloads.length || wkey(a.workloads[0]).localeCompare(wkey(b.workloads[0])));
  return { cluster, reportedAt: reportedAt.toISOString(), total: reports.length, groups: list };
}

/** The same trust seen only through `visible` namespaces (a workspace reader's view). */
export function filterTrust(t: ClusterTrust, visible: (namespace: string) => boolean): ClusterTrust {
  const groups = t.groups.map((g) => ({ ...g, workloads: g.workloads.filter((w) => visible(w.namespace)) })).filter((g) => g.workloads.length > 0);
  return { ...t, total: groups.reduce((n, g) => n + g.workloads.length, 0), groups };
}

function check(t: ClusterTrust | undefined, pass: (g: TrustGroup) => boolean): TrustCheck {
  if (!t) return { ok: false, reported: false, total: 0, passing: 0, failing: [] };
  // A workload whose secrets could not be read passes nothing: what it holds is unknown.
  const failing = t.groups.flatMap((g) => g.workloads.filter((w) => w.error || !pass(g)).map(wkey));
  failing.sort();
  return { ok: failing.length === 0, reported: true, total: t.total, passing: t.total - failing.length, failing };
}

/** Rotation gate: does every workload of the cluster hold root `root` in its ROOTCA bundle? */
export function everyWorkloadHoldsRoot(t: ClusterTrust | undefined, root: string): TrustCheck {
  return check(t, (g) => g.rootSha256.includes(root));
}

/** Rotation gate: does every workload's chain verify to root `root` (in its own bundle)? */
export function everyWorkloadChainsTo(t: ClusterTrust | undefined, root: string): TrustCheck {
  return check(t, (g) => g.chainRootSha256 === root);
}

/** Rotation gate: does no workload still hold root `root` (after it was removed from the bundles)? */
export function noWorkloadHoldsRoot(t: ClusterTrust | undefined, root: string): TrustCheck {
  return check(t, (g) => !g.rootSha256.includes(root));
}

/** Counts of a cluster's workloads along a rotation from root `from` to root `to`. */
export function rotationProgress(t: ClusterTrust, from: string, to: string): RotationProgress {
  const p: RotationProgress = { from, to, total: t.total, oldOnly: 0, both: 0, newOnly: 0, neither: 0, chainsToOld: 0, chainsToNew: 0, chainsToOther: 0 };
  for (const g of t.groups) {
    const n = g.workloads.length;
    const o = g.rootSha256.includes(from);
    const nw = g.rootSha256.includes(to);
    if (o && nw) p.both += n;
    else if (o) p.oldOnly += n;
    else if (nw) p.newOnly += n;
    else p.neither += n;
    if (g.chainRootSha256 === from) p.chainsToOld += n;
    else if (g.chainRootSha256 === to) p.chainsToNew += n;
    else p.chainsToOther += n;
  }
  return p;
}

/** True when `s` looks like a fingerprint (64 lower-case hex characters). */
export function isSha256(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}
