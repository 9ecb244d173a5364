/**
 * TrafficSetting → Sidecar (reachability) and, for the OUTBOUND calls of the group's workloads,
 * DestinationRules (circuit breaking, connection pool, load balancing) and VirtualServices
 * (retries, request timeout), all in the client namespaces with `exportTo: ["."]` so they apply
 * to the group's workloads only. TSB: refs/tsb/traffic/v2/traffic_setting ("reliability settings
 * for outbound calls made by the proxy workloads"; 1.10+ `outbound.upstreamTrafficSettings`,
 * older top-level `resilience`); terraform-provider-tsb docs/resources/traffic_traffic_setting.md.
 */
import { dnsName } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { NETWORKING, makeObject } from './naming.js';
import type { ConfigIndex, GroupScope } from './scope.js';
import { groupNamespaces, groupSelects } from './scope.js';
import { routeHost, splitWeights, withReason } from './gateway.js';
import { SERVICE_ROUTE_MATCH_KEYS, matchProblems, translateMatches } from './route-match.js';
import { meshGroupNamespaces, meshServiceHosts, meshWorkspaceNamespaces } from './mesh.js';
import { type Obj, duration, isEmpty, list, num, obj, str, strings } from './values.js';
import { consistentHash, egressProxy, outlierDetection, retryBackoff } from './upstream-policy.js';

/** Outlier detection per TSB circuit-breaker sensitivity: higher sensitivity ejects sooner. */
const SENSITIVITY: Record<string, Obj> = {
  LOW: { consecutive5xxErrors: 20, interval: '30s', baseEjectionTime: '30s' },
  MEDIUM: { consecutive5xxErrors: 10, interval: '10s', baseEjectionTime: '30s' },
  HIGH: { consecutive5xxErrors: 5, interval: '5s', baseEjectionTime: '30s' },
};

/** Where TSB's cross-cluster service entries live; sidecars must import it to reach other clusters. */
export const XCP_MULTICLUSTER = 'xcp-multicluster/*';

/** Sidecar egress hosts for a reachability mode, seen from one namespace; groups and workspaces span the mesh. */
export function reachabilityHosts(mode: string, custom: readonly string[], ns: string, group: GroupScope, mesh: readonly ClusterInfo[]): string[] | undefined {
  const withNs = (namespaces: readonly string[]): string[] => [...new Set([...namespaces, ns])].sort().map((n) => `${n}/*`);
  switch (mode) {
    case 'NAMESPACE':
      return ['./*', 'istio-system/*', XCP_MULTICLUSTER];
    case 'GROUP':
      return [...withNs(meshGroupNamespaces(group, mesh)), 'istio-system/*', XCP_MULTICLUSTER];
    case 'WORKSPACE':
      return [...withNs(meshWorkspaceNamespaces(group.workspace, mesh)), 'istio-system/*', XCP_MULTICLUSTER];
    case 'CLUSTER':
      return ['*/*'];
    case 'CUSTOM':
      return custom.length > 0 ? [...new Set([...custom, XCP_MULTICLUSTER])] : undefined;
    default:
      return undefined;
  }
}

/** The older top-level `resilience` read as one upstream setting for every host. */
function legacyUpstream(r: Obj): Obj[] {
  if (isEmpty(r)) return [];
  const ka = obj(r.keepAlive);
  const tcp: Obj = {};
  if (!isEmpty(obj(ka.tcp))) tcp.keepAlive = obj(ka.tcp);
  else if (r.tcpKeepalive === true) tcp.keepAlive = {};
  const http: Obj = {};
  if (str(r.httpRequestTimeout)) http.requestTimeout = r.httpRequestTimeout;
  if (!isEmpty(obj(r.httpRetries))) http.retries = r.httpRetries;
  const resilience: Obj = { connectionPool: { http, tcp } };
  if (str(r.circuitBreakerSensitivity)) resilience.circuitBreakerSensitivity = r.circuitBreakerSensitivity;
  return [{ hosts: ['*'], settings: { resilience } }];
}

const seconds = (v: unknown): string | undefined => {
  const n = num(v) ?? num(obj(v).value);
  return n === undefined ? (typeof v === 'string' ? v : undefined) : `${n}s`;
};

/** Upstream resilience + load balancing → a DestinationRule traffic policy. */
function trafficPolicy(settings: Obj): Obj | undefined {
  const r = obj(settings.resilience);
  const pool = obj(r.connectionPool);
  const h = obj(pool.http);
  const t = obj(pool.tcp);
  const http: Obj = {};
  if (num(h.maxRequests) !== undefined) http.http2MaxRequests = h.maxRequests;
  if (num(h.maxRequestsPerConnection) !== undefined) http.maxRequestsPerConnection = h.maxRequestsPerConnection;
  const tcp: Obj = {};
  const connect = duration(t.connectTimeout);
  if (connect) tcp.connectTimeout = connect;
  if (num(t.maxConnections) !== undefined) tcp.maxConnections = t.maxConnections;
  if (t.keepAlive !== undefined) {
    const ka = obj(t.keepAlive);
    const keep: Obj = {};
    const probes = num(ka.probes) ?? num(obj(ka.probes).value);
    if (probes !== undefined) keep.probes = probes;
    const time = seconds(ka.idleTime ?? ka.time);
    if (time) keep.time = time;
    const interval = seconds(ka.interval);
    if (interval) keep.interval = interval;
    tcp.tcpKeepalive = keep;
  }
  const policy: Obj = {};
  const cp: Obj = {};
  if (!isEmpty(http)) cp.http = http;
  if (!isEmpty(tcp)) cp.tcp = tcp;
  if (!isEmpty(cp)) policy.connectionPool = cp;
  // Custom outlier detection wins over the sensitivity shorthand.
  const outlier = outlierDetection(obj(r.outlierDetection)) ?? SENSITIVITY[str(r.circuitBreakerSensitivity) ?? ''];
  if (outlier) policy.outlierDetection = outlier;
  const simple = str(obj(settings.loadBalancer).simple);
  const hash = consistentHash(obj(obj(settings.loadBalancer).consistentHash));
  // Both set: both are written and Istio's schema (one of) rejects the object, FAILED with the reason.
  if ((simple && simple !== 'UNSPECIFIED') || hash)
    policy.loadBalancer = { ...(simple && simple !== 'UNSPECIFIED' ? { simple } : {}), ...(hash ? { consistentHash: hash } : {}) };
  return isEmpty(policy) ? undefined : policy;
}

/** Retries and request timeout → the fields of an Istio HTTPRoute. */
function routePolicy(settings: Obj): Obj | undefined {
  const h = obj(obj(obj(settings.resilience).connectionPool).http);
  const out: Obj = {};
  const timeout = duration(h.requestTimeout);
  if (timeout) out.timeout = timeout;
  const r = obj(h.retries);
  if (!isEmpty(r)) {
    const retries: Obj = {};
    if (num(r.attempts) !== undefined) retries.attempts = r.attempts;
    const perTry = duration(r.perTryTimeout);
    if (perTry) retries.perTryTimeout = perTry;
    if (str(r.retryOn)) retries.retryOn = r.retryOn;
    const backoff = retryBackoff(r);
    if (backoff) retries.backoff = backoff;
    out.retries = retries;
  }
  return isEmpty(out) ? undefined : out;
}

/** A TSB upstream host (`*`, `<fqdn>`, `<ns>/<fqdn>`, `<ns>/*`, `*\/<fqdn>`) → an Istio host. */
function istioHost(h: string): string {
  const slash = h.indexOf('/');
  if (slash < 0) return h;
  const ns = h.slice(0, slash);
  const rest = h.slice(slash + 1);
  if (rest === '*') return ns === '*' ? '*' : `*.${ns}.svc.cluster.local`;
  return rest;
}

/** How specifically an Istio host names `fqdn` (higher wins), or -1 when it does not cover it. */
function specificity(host: string, fqdn: string): number {
  if (host === fqdn) return 3;
  if (host === '*') return 1;
  if (host.startsWith('*.') && fqdn.endsWith(host.slice(1))) return 2;
  return -1;
}

/** TrafficSetting (effective spec, defaults merged by the index) → objects per client namespace. */
export function translateTrafficSetting(
  res: ConfigResource,
  group: GroupScope,
  cluster: ClusterInfo,
  index: ConfigIndex,
  mesh: readonly ClusterInfo[],
): IstioObject[] {
  const spec = res.spec as Obj;
  const outbound = obj(spec.outbound);
  const reach = !isEmpty(obj(outbound.reachability)) ? obj(outbound.reachability) : obj(spec.reachability);
  const mode = str(reach.mode) ?? 'UNSET';
  const custom = strings(reach.hosts);
  const egress = egressProxy(!isEmpty(obj(outbound.egress)) ? obj(outbound.egress) : obj(spec.egress));
  const upstream = upstreamOf(spec);
  const base = dnsName([group.name, res.name]);
  const services = meshServiceHosts(mesh).map((s) => s.host);
  const out: IstioObject[] = [];
  for (const ns of groupNamespaces(group, cluster)) {
    const hosts = reachabilityHosts(mode, custom, ns, group, mesh) ?? (egress ? ['*/*'] : undefined);
    if (egress && hosts && !hosts.includes('*/*') && !hosts.includes(egress.importHost)) hosts.push(egress.importHost);
    if (hosts) out.push(makeObject(NETWORKING, 'Sidecar', base, ns, res, { egress: [{ hosts }], ...(egress ? { outboundTrafficPolicy: egress.policy } : {}) }));
    const drHosts = new Map<string, Obj>();
    for (const u of upstream) for (const h of u.hosts) if (u.policy && !drHosts.has(h)) drHosts.set(h, u.policy);
    for (const [h, policy] of drHosts) {
      out.push(makeObject(NETWORKING, 'DestinationRule', dnsName([base, h === '*' ? 'all' : h]), ns, res, { host: h, exportTo: ['.'], trafficPolicy: policy }));
    }
    const routed = upstream.filter((u) => u.route);
    if (routed.length === 0) continue;
    const explicit = routed.flatMap((u) => u.hosts.filter((h) => !h.includes('*')));
    for (const fqdn of [...new Set([...services, ...explicit])].sort()) {
      const route = bestRoute(routed, fqdn);
      if (!route) continue;
      const sr = serviceRouteLeaf(index, fqdn);
      const srHttp = sr ? serviceRouteSpec(sr.resource).http : [];
      // In the ServiceRoute's own namespace its VirtualService carries these retries and timeouts
      // (scoped to this namespace's callers): two VirtualServices there for one host would leave
      // Istio to pick one by creation time.
      if (sr && srHttp.length > 0 && serviceNamespace(sr.resource) === ns && groupSelects(sr.group, cluster, ns)) continue;
      const http = srHttp.length > 0 ? srHttp : [{ name: 'default', route: [{ destination: { host: fqdn } }] }];
      out.push(
        makeObject(NETWORKING, 'VirtualService', dnsName([base, fqdn]), ns, res, {
          hosts: [fqdn],
          exportTo: ['.'],
          http: http.map((r) => ({ ...r, ...route })),
        }),
      );
    }
  }
  return out;
}

type Upstream = { hosts: string[]; policy?: Obj; route?: Obj };

/** Every upstream setting of a TrafficSetting spec (older `resilience`, top-level and `outbound` lists). */
function upstreamOf(spec: Obj): Upstream[] {
  const outbound = obj(spec.outbound);
  return [...legacyUpstream(obj(spec.resilience)), ...list(spec.upstreamTrafficSettings), ...list(outbound.upstreamTrafficSettings)].map((u) => ({
    hosts: strings(u.hosts).map(istioHost),
    policy: trafficPolicy(obj(u.settings)),
    route: routePolicy(obj(u.settings)),
  }));
}

/** The retries/timeout of the most specific upstream host naming `fqdn`. */
function bestRoute(upstream: readonly Upstream[], fqdn: string): Obj | undefined {
  let best: { score: number; route: Obj } | undefined;
  for (const u of upstream)
    for (const h of u.hosts) {
      const score = specificity(h, fqdn);
      if (u.route && score > (best?.score ?? 0)) best = { score, route: u.route };
    }
  return best?.route;
}

/** The retries/timeout a TrafficSetting of a group selecting `ns` here gives calls to `fqdn` (smallest FQN first). */
function clientRoute(index: ConfigIndex, cluster: ClusterInfo, ns: string, fqdn: string): Obj | undefined {
  for (const l of index.leaves) {
    if (l.resource.kind !== 'TrafficSetting' || l.group.type !== 'traffic' || l.group.mode !== 'BRIDGED' || !groupSelects(l.group, cluster, ns)) continue;
    const route = bestRoute(upstreamOf(l.resource.spec as Obj), fqdn);
    if (route) return route;
  }
  return undefined;
}

const serviceNamespace = (res: ConfigResource): string => (str(res.spec.service) ?? '').split('/')[0];

/** The ServiceRoute for `fqdn`, whose routes a client-side VirtualService keeps (subsets). */
function serviceRouteLeaf(index: ConfigIndex, fqdn: string): ConfigIndex['leaves'][number] | undefined {
  return index.leaves.find((l) => l.resource.kind === 'ServiceRoute' && l.group.mode === 'BRIDGED' && routeHost(str(l.resource.spec.service) ?? '') === fqdn);
}

/** The VirtualService and DestinationRule bodies of a ServiceRoute. */
function serviceRouteSpec(res: ConfigResource): { host: string; http: Obj[]; subsets: Obj[] } {
  const host = routeHost(str(res.spec.service) ?? '');
  const subsets = list(res.spec.subsets).filter((s) => str(s.name));
  const weights = splitWeights(subsets.map((s) => num(s.weight)));
  const subsetDefs = subsets.map((s) => ({ name: dnsName([str(s.name) ?? '']), labels: obj(s.labels) }));
  const route = subsetDefs.map((s, i) => ({ destination: { host, subset: s.name }, weight: weights[i] }));
  const http = list(res.spec.httpRoutes)
    .map((r, i) => routeFromTsb(r, i, host))
    .filter((r): r is Obj => r !== undefined);
  if (route.length > 0) http.push({ name: 'default', route });
  return { host, http, subsets: subsetDefs };
}

/** ServiceRoute → VirtualService splitting by subset weight + DestinationRule defining the subsets. */
export function translateServiceRoute(res: ConfigResource, group: GroupScope, cluster: ClusterInfo, index?: ConfigIndex): IstioObject[] {
  const service = str(res.spec.service) ?? '';
  const slash = service.indexOf('/');
  if (slash <= 0) return [];
  const ns = service.slice(0, slash);
  if (!groupSelects(group, cluster, ns)) return [];
  const { host, http, subsets } = serviceRouteSpec(res);
  const name = dnsName([res.name]);
  const out: IstioObject[] = [];
  // One VirtualService per host in this namespace: a TrafficSetting's retries/timeout for callers
  // in this namespace come first, as copies of the routes matching only them (sourceNamespace).
  const client = index ? clientRoute(index, cluster, ns, host) : undefined;
  const scoped = client
    ? http.map((r) => ({
        ...r,
        name: dnsName([str(r.name) ?? 'default', 'from', ns]),
        match: (list(r.match).length > 0 ? list(r.match) : [{}]).map((m) => ({ ...m, sourceNamespace: ns })),
        ...client,
      }))
    : [];
  const leftOut = matchProblems('ServiceRoute', res.spec as Obj);
  if (http.length > 0) {
    const vs = makeObject(NETWORKING, 'VirtualService', name, ns, res, { hosts: [host], http: [...scoped, ...http] });
    out.push(leftOut.length > 0 ? withReason(vs, leftOut.join('; ')) : vs);
  }
  if (subsets.length > 0) out.push(makeObject(NETWORKING, 'DestinationRule', name, ns, res, { host, subsets }));
  return out;
}

/**
 * ServiceRoute.httpRoutes[] entry: `{name, match[], destination[{subset, weight, port}]}`; none
 * when every match condition is left out (fail closed, route-match.ts: the default route applies).
 */
function routeFromTsb(r: Obj, i: number, host: string): Obj | undefined {
  const dests = list(obj(r.routeDestination).destinations ?? r.destination);
  const weights = splitWeights(dests.map((d) => num(d.weight)));
  const route = dests.map((d, j) => ({
    destination: { host, ...(str(d.subset) ? { subset: dnsName([str(d.subset) ?? '']) } : {}), ...(num(d.port) ? { port: { number: d.port } } : {}) },
    weight: weights[j],
  }));
  const m = translateMatches(r.match, SERVICE_ROUTE_MATCH_KEYS, `spec.httpRoutes[${i}].match`);
  if (m.dropped) return undefined;
  return { name: dnsName([str(r.name) ?? `route-${i}`]), ...(m.match ? { match: m.match } : {}), route };
}
