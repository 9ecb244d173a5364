/**
 * The ServiceEntry and DestinationRule specs that reach a hostname through remote gateways, and
 * the failover policy TSB applies to them (issue #17, Route).
 *
 * Failover (terraform-provider-tsb docs/resources/organization_setting.md `failover_settings`,
 * `regional_failover`; refs/tsb/v2/organization_setting): `failoverSettings.failoverPriority`
 * (ordered endpoint labels) or `failoverSettings.regionalFailover[{from,to}]` (which region takes
 * over when the local one is unhealthy); the older top-level `regionalFailover` applies when
 * `failoverSettings` is absent, and a WorkspaceSetting's `regionalFailover` overrides the
 * organization's for that workspace. TSB adds outlier detection by default so locality failover
 * takes effect (docs.tetrate.io howto/gateway/multi_cluster_traffic_routing_with_eastwest_gateway).
 */
import type { ConfigIndex } from '../scope.js';
import { type Obj, list, obj, str, strings } from '../values.js';
import { CLUSTER_LABEL, type ClusterTarget, isIpAddress, orgSetting } from './reach.js';

/** Outlier detection TSB-style defaults (TSB does not publish its values; these are Istio's usual ones). */
export const DEFAULT_OUTLIER_DETECTION: Readonly<Obj> = { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 100 };

function regional(v: unknown): { from: string; to: string }[] {
  return list(v)
    .map((r) => ({ from: str(r.from) ?? '', to: str(r.to) ?? '' }))
    .filter((r) => r.from !== '' && r.to !== '');
}

/**
 * `trafficPolicy` fields for cross-cluster failover: outlier detection plus locality load
 * balancing with the configured failover (Istio allows only one of failover / failoverPriority:
 * failoverPriority wins, as TSB documents that topology settings are ignored when it is set).
 */
export function failoverPolicy(index: Pick<ConfigIndex, 'settings'>, fqn: string, workspaceFqn?: string): Obj {
  const org = orgSetting(index, fqn);
  const fs = obj(org.failoverSettings);
  const ws = workspaceFqn ? (index.settings.get(workspaceFqn)?.spec ?? {}) : {};
  const priority = strings(fs.failoverPriority);
  const failover =
    regional(ws.regionalFailover).length > 0
      ? regional(ws.regionalFailover)
      : Object.keys(fs).length > 0
        ? regional(fs.regionalFailover)
        : regional(org.regionalFailover);
  const locality: Obj = { enabled: true };
  if (priority.length > 0) locality.failoverPriority = priority;
  else if (failover.length > 0) locality.failover = failover;
  return { outlierDetection: { ...DEFAULT_OUTLIER_DETECTION }, loadBalancer: { localityLbSetting: locality } };
}

/** One port of a cross-cluster ServiceEntry: what clients dial, by name. */
export interface EntryPort {
  readonly name: string;
  readonly number: number;
  readonly protocol: string;
}

/**
 * ServiceEntry spec for `host` whose endpoints are the target gateways: every port of the entry
 * is sent to the gateway's dial port (15443 or its nodePort), each endpoint labelled with its
 * cluster and carrying the cluster's network and region (locality) for failover.
 */
export function serviceEntrySpec(host: string, ports: readonly EntryPort[], targets: readonly ClusterTarget[]): Obj {
  const endpoints: Obj[] = [];
  for (const t of targets) {
    for (const g of t.gateways) {
      for (const address of [...g.gateway.addresses].sort()) {
        const network = g.gateway.network ?? t.cluster.network;
        endpoints.push({
          address,
          ports: Object.fromEntries(ports.map((p) => [p.name, g.port])),
          labels: { [CLUSTER_LABEL]: t.cluster.name },
          ...(t.cluster.region ? { locality: t.cluster.region } : {}),
          ...(network ? { network } : {}),
        });
      }
    }
  }
  const dns = endpoints.some((e) => !isIpAddress(String(e.address)));
  return {
    hosts: [host],
    location: 'MESH_INTERNAL',
    resolution: dns ? 'DNS' : 'STATIC',
    ports: ports.map((p) => ({ name: p.name, number: p.number, protocol: p.protocol })),
    endpoints,
  };
}

/** DestinationRule subsets, one per target cluster, selecting its endpoints by label. */
export function clusterSubsets(targets: readonly ClusterTarget[]): Obj[] {
  return targets.map((t) => ({ name: subsetName(t.cluster.name), labels: { [CLUSTER_LABEL]: t.cluster.name } }));
}

/** Subset names are DNS labels; cluster names already are in practice, but be sure. */
export function subsetName(cluster: string): string {
  return cluster.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
