import type { ClusterInfo } from './model.js';
import { fnv1a } from '../api/index.js';
import type { GroupScope, WorkspaceScope } from './scope.js';
import { groupNamespaces, workspaceNamespaces } from './scope.js';

/**
 * Every cluster of an organization as translation sees it: groups and workspaces span clusters,
 * so the namespaces and identities a policy names come from all of them, not from the one cluster
 * an object is written to (issue #18). Built once per change by the caller; `key` changes
 * whenever anything translation reads from it changes, so translations can be cached by it.
 */
export interface MeshView {
  readonly clusters: readonly ClusterInfo[];
  readonly key: string;
}

/** Everything of a cluster's gateways translation reads, as text (order does not matter). */
function gatewaysKey(c: ClusterInfo): string {
  return (c.gateways ?? [])
    .map(
      (g) =>
        `${g.namespace}/${g.name}:${g.kind}:${[...g.addresses].sort().join(';')}:${g.ports
          .map((p) => `${p.name}=${p.port}/${p.nodePort ?? 0}/${p.protocol ?? ''}`)
          .sort()
          .join(';')}:${[...g.hostnames].sort().join(';')}:${g.network ?? ''}:${String(g.healthy)}`,
    )
    .sort()
    .join(',');
}

/** A view over the given clusters (order does not matter). */
export function meshView(clusters: readonly ClusterInfo[]): MeshView {
  const sorted = [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text = sorted
    .map(
      (c) =>
        `${c.name}|${c.trustDomain ?? ''}|${[...c.namespaces].sort().join(',')}|${(c.services ?? [])
          .map((s) => `${s.namespace}/${s.name}`)
          .sort()
          .join(',')}|${c.network ?? ''}|${c.region ?? ''}|${gatewaysKey(c)}`,
    )
    .join('\n');
  return { clusters: sorted, key: fnv1a(text) };
}

/** The view for one cluster alone (callers that know no other cluster). */
export function singleCluster(cluster: ClusterInfo): MeshView {
  return meshView([cluster]);
}

/** The view plus `cluster` (its newest info replaces an older one of the same name). */
export function withCluster(mesh: MeshView, cluster: ClusterInfo): readonly ClusterInfo[] {
  const found = mesh.clusters.find((c) => c.name === cluster.name);
  return found === cluster ? mesh.clusters : [...mesh.clusters.filter((c) => c.name !== cluster.name), cluster];
}

/**
 * Results per cluster list (the same array is handed to every cluster's translation while the
 * view is unchanged), so thousands of clusters do not each walk every other cluster again.
 */
const memo = new WeakMap<readonly ClusterInfo[], Map<string, string[]>>();
function memoised(clusters: readonly ClusterInfo[], key: string, compute: () => string[]): string[] {
  let m = memo.get(clusters);
  if (!m) memo.set(clusters, (m = new Map()));
  let v = m.get(key);
  if (!v) m.set(key, (v = compute()));
  return v;
}

/** Namespaces a group selects in any cluster of the mesh, sorted and unique. */
export function meshGroupNamespaces(group: GroupScope, clusters: readonly ClusterInfo[]): string[] {
  const except = (group.except ?? []).map((g) => g.fqn).join(',');
  return memoised(clusters, `g\0${group.fqn}\0${group.selector.join(',')}\0${except}`, () =>
    [...new Set(clusters.flatMap((c) => groupNamespaces(group, c)))].sort(),
  );
}

/** Namespaces a workspace owns in any cluster of the mesh, sorted and unique. */
export function meshWorkspaceNamespaces(ws: WorkspaceScope, clusters: readonly ClusterInfo[]): string[] {
  return memoised(clusters, `w\0${ws.fqn}\0${ws.selector.join(',')}`, () => [...new Set(clusters.flatMap((c) => workspaceNamespaces(ws, c)))].sort());
}

/** Trust domains of the clusters that report one, sorted and unique. */
export function meshTrustDomains(clusters: readonly ClusterInfo[]): string[] {
  return memoised(clusters, 'td', () =>
    [...new Set(clusters.map((c) => c.trustDomain).filter((t): t is string => typeof t === 'string' && t.length > 0))].sort(),
  );
}

/** FQDNs of the services any cluster reports, as `<namespace>/<name>.<namespace>.svc.cluster.local`. */
export function meshServiceHosts(clusters: readonly ClusterInfo[]): { namespace: string; host: string }[] {
  const seen = new Map<string, { namespace: string; host: string }>();
  for (const c of clusters)
    for (const s of c.services ?? []) seen.set(`${s.namespace}/${s.name}`, { namespace: s.namespace, host: `${s.name}.${s.namespace}.svc.cluster.local` });
  return [...seen.keys()].sort().map((k) => seen.get(k) as { namespace: string; host: string });
}
