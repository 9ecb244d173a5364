// The fleet-trust wire shape of the REST API (`GET /v2/organizations/{org}/trust`): every cluster's
// workload trust, grouped across the fleet by root set, with the outliers named and, per cluster,
// how far a rotation from one root to another is. The server builds it, tctl formats it.
import { rotationProgress, type ClusterTrust, type RotationProgress } from './cluster-trust.js';

/** One cluster in the fleet view. */
export interface ClusterTrustView extends ClusterTrust {
  fqn: string;
  agentConnected: boolean;
  /** `cluster`: the caller reads the whole cluster; `workspace`: only their workspaces' namespaces. */
  scope: 'cluster' | 'workspace';
  /** Per root: workloads holding it in their bundle, and whose chain verifies to it. */
  roots: { sha256: string; holding: number; chainsTo: number }[];
  /** Workloads whose chain verifies to no root of their bundle. */
  chainsToNone: number;
  /** Set when the request names the rotation's roots (`from`, `to`). */
  rotation?: RotationProgress;
}

/** Workloads across the fleet that hold the same root bundle. */
export interface RootSetGroup {
  rootSha256: string[];
  total: number;
  clusters: { cluster: string; count: number }[];
}

/** A workload that does not trust like the rest, and why. */
export interface TrustOutlier {
  cluster: string;
  namespace: string;
  name: string;
  reason: string;
}

/** A root seen in the fleet (or the mesh's own), with what the server knows of it. */
export interface RootInfo {
  sha256: string;
  /** `mesh root` for the management plane's root; '' when only workloads report it. */
  label: string;
  subject: string;
  notAfter: string;
}

/** `GET /v2/organizations/{org}/trust[?cluster=&workspace=&from=&to=]`. */
export interface FleetTrustView {
  clusters: ClusterTrustView[];
  roots: RootInfo[];
  /** Largest first: the first is the fleet's majority. */
  rootSets: RootSetGroup[];
  outliers: TrustOutlier[];
  total: number;
}

/** Per-root counts and (when asked) rotation progress of one cluster. */
export function clusterTrustView(
  t: ClusterTrust,
  extra: { fqn: string; agentConnected: boolean; scope: 'cluster' | 'workspace' },
  rotation?: { from: string; to: string },
): ClusterTrustView {
  const roots = new Map<string, { sha256: string; holding: number; chainsTo: number }>();
  const at = (sha: string) => roots.get(sha) ?? roots.set(sha, { sha256: sha, holding: 0, chainsTo: 0 }).get(sha)!;
  let chainsToNone = 0;
  for (const g of t.groups) {
    for (const r of g.rootSha256) at(r).holding += g.workloads.length;
    if (g.chainRootSha256) at(g.chainRootSha256).chainsTo += g.workloads.length;
    else chainsToNone += g.workloads.length;
  }
  return {
    ...t,
    ...extra,
    roots: [...roots.values()].sort((a, b) => b.holding - a.holding || a.sha256.localeCompare(b.sha256)),
    chainsToNone,
    ...(rotation ? { rotation: rotationProgress(t, rotation.from, rotation.to) } : {}),
  };
}

/** Groups the clusters' workloads by root set and names the outliers (pure). */
export function fleetTrustView(clusters: readonly ClusterTrustView[], known: readonly RootInfo[]): FleetTrustView {
  const sets = new Map<string, RootSetGroup>();
  for (const c of clusters)
    for (const g of c.groups) {
      const k = g.rootSha256.join(',');
      const s = sets.get(k) ?? sets.set(k, { rootSha256: g.rootSha256, total: 0, clusters: [] }).get(k)!;
      s.total += g.workloads.length;
      const e = s.clusters.find((x) => x.cluster === c.cluster);
      if (e) e.count += g.workloads.length;
      else s.clusters.push({ cluster: c.cluster, count: g.workloads.length });
    }
  const rootSets = [...sets.values()].sort((a, b) => b.total - a.total || a.rootSha256.join().localeCompare(b.rootSha256.join()));
  for (const s of rootSets) s.clusters.sort((a, b) => a.cluster.localeCompare(b.cluster));
  const majority = rootSets[0]?.rootSha256.join(',');
  const short = (sha: string): string => sha.slice(0, 12);
  const outliers: TrustOutlier[] = [];
  for (const c of clusters)
    for (const g of c.groups) {
      const reasons: string[] = [];
      if (g.rootSha256.length === 0) reasons.push('holds no root bundle');
      else if (g.rootSha256.join(',') !== majority)
        reasons.push(`holds roots ${g.rootSha256.map(short).join('+')}, the fleet's majority ${rootSets[0].rootSha256.map(short).join('+')}`);
      if (g.chainRootSha256 === '') reasons.push('its certificate chain verifies to no root of its own bundle');
      for (const w of g.workloads) {
        const why = w.error ? [`its secrets could not be read: ${w.error}`] : reasons;
        if (why.length) outliers.push({ cluster: c.cluster, namespace: w.namespace, name: w.name, reason: why.join('; ') });
      }
    }
  outliers.sort((a, b) => `${a.cluster}/${a.namespace}/${a.name}`.localeCompare(`${b.cluster}/${b.namespace}/${b.name}`));
  const seen = new Set(clusters.flatMap((c) => c.roots.map((r) => r.sha256)));
  const roots: RootInfo[] = [...known.filter((k) => seen.has(k.sha256) || k.label !== '')];
  for (const sha of [...seen].sort()) if (!roots.some((r) => r.sha256 === sha)) roots.push({ sha256: sha, label: '', subject: '', notAfter: '' });
  return { clusters: [...clusters], roots, rootSets, outliers, total: clusters.reduce((n, c) => n + c.total, 0) };
}

/** A health-check line over the view (for `tctl x doctor`): ok, warn (nothing reported) or fail. */
export interface FleetTrustVerdict {
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  cause?: string;
  fix?: string;
}

/** Do all reported workloads hold one root set, each chain verifying to a root of its bundle? */
export function fleetTrustVerdict(v: FleetTrustView): FleetTrustVerdict {
  const fix = 'tctl x certs rootca-compare --all (outliers with the reason; --cluster NAME for one cluster)';
  if (v.clusters.length === 0)
    return {
      status: 'warn',
      detail: 'no workload trust reported',
      cause: 'no cluster agent has reported its workloads (or none are in namespaces you may read)',
      fix: "list workloads in the agents' inventories (docs/pki.md, What the workloads trust)",
    };
  const label = (sha: string): string => {
    const r = v.roots.find((x) => x.sha256 === sha);
    return `${sha.slice(0, 16)}…${r?.label ? ` (${r.label})` : ''}`;
  };
  const clusters = `${v.clusters.length} cluster(s)`;
  if (v.rootSets.length <= 1 && v.outliers.length === 0)
    return { status: 'ok', detail: `${v.total} workload(s) in ${clusters} hold ${v.rootSets[0]?.rootSha256.map(label).join(' + ') || 'no root'}` };
  return {
    status: 'fail',
    detail: `${v.outliers.length} outlier(s) among ${v.total} workload(s) in ${clusters}; ${v.rootSets.length} root set(s)`,
    cause: v.outliers
      .slice(0, 3)
      .map((o) => `${o.cluster} ${o.namespace}/${o.name}: ${o.reason}`)
      .join('; '),
    fix,
  };
}
