/**
 * East-west exposure (issue #17, Route): with WorkspaceSetting `defaultEastWestGatewaySettings`,
 * the services of the workspace are reachable from the other clusters through the east-west
 * gateways of the clusters that run them.
 *
 * TSB (refs/tsb/gateway/v2/eastwest_gateway; docs.tetrate.io howto/gateway/
 * multi_cluster_traffic_routing_with_eastwest_gateway; Tetrate Service Express "cross-cluster"):
 * every service of the workspace is exposed unless `exposedServices` narrows it; a service with
 * the same name and namespace in several clusters is one service; other clusters see it as a
 * ServiceEntry in `xcp-multicluster` with the same FQDN; a cluster that runs the service itself
 * gets no ServiceEntry (its clients keep the local instances); failover follows locality with
 * outlier detection. Produced here:
 *
 * - in a cluster running exposed services: a Gateway in the east-west gateway's namespace, port
 *   15443, `tls.mode: AUTO_PASSTHROUGH`, hosts = the exposed FQDNs (the sidecar's SNI routes);
 * - in every other cluster whose network may reach them: per service, a ServiceEntry whose
 *   endpoints are the east-west gateways (15443 or nodePort, locality = region, network) and a
 *   DestinationRule with ISTIO_MUTUAL, outlier detection and locality failover.
 */
import { dnsName } from '../../api/index.js';
import type { ClusterInfo, ConfigResource, GatewayInfo, InventoryService, IstioObject } from '../model.js';
import { NETWORKING, makeObject } from '../naming.js';
import type { ConfigIndex, WorkspaceScope } from '../scope.js';
import { workspaceNamespaces } from '../scope.js';
import { type Obj, list, obj, str } from '../values.js';
import { failoverPolicy, serviceEntrySpec, type EntryPort } from './endpoints.js';
import { MC_NAMESPACE, MC_PORT, type TargetProblem, reachability, resolveTargets } from './reach.js';

/** One `defaultEastWestGatewaySettings[]` entry of a workspace. */
export interface EastWestEntry {
  readonly workspace: WorkspaceScope;
  readonly setting: ConfigResource;
  readonly position: number;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The entries in force: `exposedServices` selects by Service labels agents do not report, so such an entry exposes nothing (declared unsupported). */
export function eastWestEntries(index: Pick<ConfigIndex, 'workspaces' | 'settings'>): EastWestEntry[] {
  const known = entriesMemo.get(index.settings);
  if (known) return known;
  const out: EastWestEntry[] = [];
  entriesMemo.set(index.settings, out);
  for (const ws of [...index.workspaces.values()].sort((a, b) => (a.fqn < b.fqn ? -1 : 1))) {
    const setting = index.settings.get(ws.fqn);
    if (!setting || setting.kind !== 'WorkspaceSetting') continue;
    list(setting.spec.defaultEastWestGatewaySettings).forEach((e, position) => {
      const sel = obj(e.workloadSelector);
      const namespace = str(sel.namespace);
      if (!namespace || list(e.exposedServices).length > 0) return;
      const labels = Object.fromEntries(Object.entries(obj(sel.labels)).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
      out.push({ workspace: ws, setting, position, namespace, labels });
    });
  }
  return out;
}

/** A reported gateway is the entry's east-west gateway: same namespace, Service named after `labels.app` when given. */
export function isEastWestGateway(entry: EastWestEntry, g: GatewayInfo): boolean {
  return g.kind !== 'tier1' && g.namespace === entry.namespace && (entry.labels.app === undefined || g.name === entry.labels.app);
}

function fqdn(s: InventoryService): string {
  return `${s.name}.${s.namespace}.svc.cluster.local`;
}

/** Services of the entry's workspace that `c` runs (in namespaces the workspace owns there). */
function exposedIn(entry: EastWestEntry, c: ClusterInfo): InventoryService[] {
  const owned = new Set(workspaceNamespaces(entry.workspace, c));
  return (c.services ?? []).filter((s) => owned.has(s.namespace));
}

/** Istio's protocol from a port name prefix (`http-…`, `grpc-…`), TCP otherwise. */
function protocolOf(name: string): string {
  const prefix = name.split('-')[0].toLowerCase();
  const known: Record<string, string> = { http: 'HTTP', http2: 'HTTP2', https: 'HTTPS', grpc: 'GRPC', tls: 'TLS', tcp: 'TCP', mongo: 'MONGO' };
  return known[prefix] ?? 'TCP';
}

/** A service exposed east-west: who exposes it, through which entries. */
interface Exposed {
  readonly service: InventoryService;
  readonly exposers: Map<string, { cluster: ClusterInfo; entries: EastWestEntry[] }>;
}

/** Per mesh view and configuration: every cluster's translation reads the same map (not quadratic). */
const exposedMemo = new WeakMap<readonly ClusterInfo[], WeakMap<readonly EastWestEntry[], Map<string, Exposed>>>();
const entriesMemo = new WeakMap<object, EastWestEntry[]>();

function exposedServices(entries: readonly EastWestEntry[], mesh: readonly ClusterInfo[]): Map<string, Exposed> {
  let byEntries = exposedMemo.get(mesh);
  if (!byEntries) exposedMemo.set(mesh, (byEntries = new WeakMap()));
  const known = byEntries.get(entries);
  if (known) return known;
  const out = new Map<string, Exposed>();
  byEntries.set(entries, out);
  for (const entry of entries) {
    for (const c of mesh) {
      for (const s of exposedIn(entry, c)) {
        const key = fqdn(s);
        let e = out.get(key);
        if (!e) out.set(key, (e = { service: s, exposers: new Map() }));
        const x = e.exposers.get(c.name) ?? { cluster: c, entries: [] };
        x.entries.push(entry);
        e.exposers.set(c.name, x);
      }
    }
  }
  return out;
}

function ports(exposed: Exposed): EntryPort[] {
  const byNumber = new Map<number, EntryPort>();
  for (const { cluster } of [...exposed.exposers.values()].sort((a, b) => (a.cluster.name < b.cluster.name ? -1 : 1))) {
    const svc = (cluster.services ?? []).find((s) => s.namespace === exposed.service.namespace && s.name === exposed.service.name);
    for (const p of svc?.ports ?? []) {
      if (byNumber.has(p.port)) continue;
      const name = p.name && p.name.length > 0 ? p.name : `tcp-${p.port}`;
      byNumber.set(p.port, { name, number: p.port, protocol: protocolOf(name) });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** What east-west exposure writes into `cluster`, and the clusters left out (for status). */
export function planEastWest(
  index: Pick<ConfigIndex, 'workspaces' | 'settings'>,
  cluster: ClusterInfo,
  mesh: readonly ClusterInfo[],
): { objects: IstioObject[]; problems: (TargetProblem & { setting: string; service: string })[] } {
  const entries = eastWestEntries(index);
  if (entries.length === 0) return { objects: [], problems: [] };
  const objects: IstioObject[] = [];
  const problems: (TargetProblem & { setting: string; service: string })[] = [];
  // Exposing side: one AUTO_PASSTHROUGH Gateway per entry whose workspace runs services here.
  for (const entry of entries) {
    const local = exposedIn(entry, cluster);
    if (local.length === 0 || Object.keys(entry.labels).length === 0) continue;
    const wsName = entry.workspace.fqn.split('/').pop() ?? 'workspace';
    const name = dnsName([wsName, 'eastwest', ...(entry.position > 0 ? [String(entry.position)] : [])]);
    objects.push(
      makeObject(NETWORKING, 'Gateway', name, entry.namespace, entry.setting, {
        selector: entry.labels,
        servers: [
          { port: { number: MC_PORT, name: 'tls-eastwest', protocol: 'TLS' }, hosts: [...new Set(local.map(fqdn))].sort(), tls: { mode: 'AUTO_PASSTHROUGH' } },
        ],
      }),
    );
  }
  // Consuming side: services other clusters expose and this one does not run.
  const runsHere = new Set((cluster.services ?? []).map(fqdn));
  for (const [host, exposed] of [...exposedServices(entries, mesh)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (runsHere.has(host)) continue;
    const owners = [...exposed.exposers.values()].flatMap((x) => x.entries).sort((a, b) => (a.setting.fqn < b.setting.fqn ? -1 : 1));
    const owner = owners[0].setting;
    const entryPorts = ports(exposed);
    const { targets, problems: left } = resolveTargets({
      source: cluster,
      mesh,
      rules: reachability(index, owner.fqn),
      accepts: (g, c) => exposed.exposers.get(c.name)?.entries.some((e) => isEastWestGateway(e, g)) === true,
      port: MC_PORT,
      named: [...exposed.exposers.keys()].sort().map((name) => ({ name })),
      what: 'east-west gateway',
    });
    // A cluster running the service that reports no east-west gateway at all: MB3755 (not merely unhealthy).
    const noGateway = (p: TargetProblem): boolean =>
      p.code === 'MB3750' &&
      !(mesh.find((c) => c.name === p.cluster)?.gateways ?? []).some((g) => exposed.exposers.get(p.cluster)?.entries.some((e) => isEastWestGateway(e, g)));
    problems.push(...left.map((p) => ({ ...p, ...(noGateway(p) ? { code: 'MB3755' } : {}), setting: owner.fqn, service: host })));
    if (targets.length === 0 || entryPorts.length === 0) continue;
    const name = dnsName([exposed.service.name, exposed.service.namespace]);
    objects.push(makeObject(NETWORKING, 'ServiceEntry', name, MC_NAMESPACE, owner, serviceEntrySpec(host, entryPorts, targets)));
    const policy: Obj = { tls: { mode: 'ISTIO_MUTUAL' }, ...failoverPolicy(index, owner.fqn, owners[0].workspace.fqn) };
    objects.push(makeObject(NETWORKING, 'DestinationRule', name, MC_NAMESPACE, owner, { host, trafficPolicy: policy }));
  }
  return { objects, problems };
}
