import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { objectKey } from './model.js';
import type { ConfigIndex, GroupScope } from './scope.js';
import { fqnTouchesCluster, groupNamespaces, workspaceNamespaces } from './scope.js';
import { translateTier1Gateway } from './multicluster/tier1.js';
import { contestedIngress, lostHostnames, translateIngressMulticluster } from './multicluster/ingress.js';
import { planEastWest } from './multicluster/eastwest.js';
import { planInternalForwarding } from './multicluster/forward.js';
import { translateServiceRoute, translateTrafficSetting } from './traffic.js';
import { translateSecuritySetting } from './security.js';
import { isIstioKind, translateDirect } from './direct.js';
import { type MeshView, meshView, singleCluster, withCluster } from './mesh.js';

type Translator = (res: ConfigResource, group: GroupScope, cluster: ClusterInfo, index: ConfigIndex, mesh: readonly ClusterInfo[]) => IstioObject[];

/** BRIDGED translators by `<group type>/<kind>`: a kind only means something in its own group type. */
const BRIDGED: Readonly<Record<string, Translator>> = {
  'gateway/IngressGateway': translateIngressMulticluster,
  'gateway/Tier1Gateway': translateTier1Gateway,
  'traffic/TrafficSetting': translateTrafficSetting,
  'traffic/ServiceRoute': translateServiceRoute,
  'security/SecuritySetting': translateSecuritySetting,
};

/** Translates one config resource for one cluster (empty when it does not land there). */
export function translateResource(
  index: ConfigIndex,
  leaf: { resource: ConfigResource; group: GroupScope },
  cluster: ClusterInfo,
  mesh: readonly ClusterInfo[] = [cluster],
): IstioObject[] {
  const { resource, group } = leaf;
  if (group.mode === 'DIRECT') return isIstioKind(resource) ? translateDirect(resource, group, cluster) : [];
  const fn = BRIDGED[`${group.type}/${resource.kind}`];
  return fn ? withGenerationMetadata(resource, fn(resource, group, cluster, index, mesh)) : [];
}

/**
 * `configGenerationMetadata` labels and annotations (TSB: "added into the metadata of the Istio
 * generated configurations"; with tctl they come from metadata.labels/annotations) on every
 * produced object; meshbridge's own ownership labels win on a clash.
 */
function withGenerationMetadata(res: ConfigResource, objs: IstioObject[]): IstioObject[] {
  const gen = (res.spec.configGenerationMetadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const labels = gen.labels ?? {};
  const annotations = gen.annotations ?? {};
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return objs;
  return objs.map((o) => ({
    ...o,
    metadata: { ...o.metadata, labels: { ...labels, ...o.metadata.labels }, annotations: { ...annotations, ...o.metadata.annotations } },
  }));
}

/**
 * Memo of per-resource output keyed by everything of a cluster that output depends on (see
 * leafKey); valid for one ConfigIndex only, so thousands of clusters with the same view of a
 * resource share one translation (and the same object instances).
 */
export type TranslationCache = Map<string, readonly IstioObject[]>;

/**
 * What a cluster contributes to one resource's output: the namespaces its group and workspace
 * select there, plus the trust domain for security settings. Undefined when the output depends on
 * more (RULES authorization reads other groups), so it is not cached.
 */
function leafKey(leaf: { resource: ConfigResource; group: GroupScope }, cluster: ClusterInfo, mesh: MeshView, index: ConfigIndex): string | undefined {
  const { resource, group } = leaf;
  let extra = '';
  // Security and traffic settings read the whole mesh (namespaces, trust domains, services).
  if (resource.kind === 'SecuritySetting' || resource.kind === 'TrafficSetting') extra = `${mesh.key}\0${cluster.trustDomain ?? ''}`;
  // A ServiceRoute's VirtualService carries the retries of the TrafficSettings whose groups select
  // its namespace in this cluster (traffic.ts translateServiceRoute).
  if (resource.kind === 'ServiceRoute') extra = cluster.name;
  // Tier-1 routing reads every cluster's gateways, networks and regions (issue #17).
  if (resource.kind === 'Tier1Gateway') extra = `${mesh.key}\0${cluster.name}\0${cluster.network ?? ''}`;
  // A hostname contested by two workspaces: the output depends on which other gateways land here.
  if (resource.kind === 'IngressGateway' && contestedIngress(index).has(resource.fqn))
    extra = lostHostnames(resource, group, cluster, index)
      .map((l) => `${l.hostname}=${l.winner}`)
      .join(',');
  return `${resource.fqn}\0${group.fqn}\0${groupNamespaces(group, cluster).join(',')}\0${workspaceNamespaces(group.workspace, cluster).join(',')}\0${extra}`;
}

/**
 * Every Istio object one cluster should hold, sorted by `namespace/Kind/name`. When two
 * resources produce the same object key the one with the smaller FQN wins, so the result does
 * not depend on input order.
 */
export function translateCluster(index: ConfigIndex, cluster: ClusterInfo, cache?: TranslationCache, mesh: MeshView = singleCluster(cluster)): IstioObject[] {
  const byKey = new Map<string, IstioObject>();
  const clusters = withCluster(mesh, cluster);
  const view = clusters === mesh.clusters ? mesh : meshView(clusters);
  for (const leaf of index.leaves) {
    if (!fqnTouchesCluster(index, leaf.group.workspace.fqn, cluster.name)) continue;
    const key = cache ? leafKey(leaf, cluster, view, index) : undefined;
    let objs = key === undefined ? undefined : cache?.get(key);
    if (!objs) {
      objs = translateResource(index, leaf, cluster, clusters);
      if (key !== undefined) cache?.set(key, objs);
    }
    for (const o of objs) {
      const k = objectKey(o);
      if (!byKey.has(k)) byKey.set(k, o);
    }
  }
  // East-west exposure lands in clusters outside the workspace too (issue #17).
  for (const o of [...planEastWest(index, cluster, clusters).objects, ...planInternalForwarding(index, cluster, clusters)]) {
    const k = objectKey(o);
    if (!byKey.has(k)) byKey.set(k, o);
  }
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as IstioObject);
}

/** Organization and workspace settings, and tier-1 gateways: their output reaches every cluster. */
const CROSS_CLUSTER_FQN =
  /^organizations\/[^/]+\/(settings\/[^/]+|tenants\/[^/]+\/workspaces\/[^/]+\/(settings\/[^/]+|gatewaygroups\/[^/]+\/tier1gateways\/[^/]+))$/;
const INGRESS_FQN = /^organizations\/[^/]+\/tenants\/[^/]+\/workspaces\/[^/]+\/gatewaygroups\/[^/]+\/ingressgateways\/[^/]+$/;

/**
 * Which clusters an IngressGateway's hostnames reach besides its own (issue #17): they decide where
 * Tier1Gateways route (the tier-1 clusters) and, for internal servers, which clusters forward to
 * the tier-1 (then any cluster).
 */
function tier1Readers(index: ConfigIndex): (cluster: string) => boolean {
  const t1 = index.leaves.filter((l) => l.resource.kind === 'Tier1Gateway');
  if (t1.some((l) => Array.isArray(l.resource.spec.internalServers))) return () => true;
  return (c) => t1.some((l) => fqnTouchesCluster(index, l.group.workspace.fqn, c));
}

const PROFILE_FQN = /\/profiles\/[^/]+$/;

/**
 * The clusters whose output a set of changed FQNs can alter, judged on the configuration before
 * and after the change (a selector that moved away still affects the clusters it left). A
 * changed Cluster resource affects only itself.
 */
export function affectedClusters(before: ConfigIndex, after: ConfigIndex, changed: readonly string[], clusters: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const fqn of changed) {
    const m = /^organizations\/[^/]+\/clusters\/([^/]+)$/.exec(fqn);
    if (m) {
      out.add(m[1]);
      continue;
    }
    // Cross-cluster routing (issue #17): settings (reachability, failover, east-west exposure) and
    // tier-1 gateways (the 15443 server of every ingress gateway exposing their hostnames) write
    // into clusters their workspace does not select.
    // A Profile (issue #18) reaches every resource that lists it, wherever they live.
    if (CROSS_CLUSTER_FQN.test(fqn) || PROFILE_FQN.test(fqn)) {
      for (const c of clusters) out.add(c);
      continue;
    }
    const [was, is] = INGRESS_FQN.test(fqn) ? [tier1Readers(before), tier1Readers(after)] : [undefined, undefined];
    for (const c of clusters) {
      if (!out.has(c) && (fqnTouchesCluster(before, fqn, c) || fqnTouchesCluster(after, fqn, c))) out.add(c);
      else if (!out.has(c) && (was?.(c) || is?.(c))) out.add(c);
    }
  }
  return out;
}
