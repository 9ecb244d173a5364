import { dnsName } from '../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from './model.js';
import { NETWORKING, makeObject } from './naming.js';
import type { GroupScope } from './scope.js';
import { groupNamespaces, groupSelects, workspaceNamespaces } from './scope.js';
import { routeHost, splitWeights } from './gateway.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Outlier detection per TSB circuit-breaker sensitivity: higher sensitivity ejects sooner. */
const SENSITIVITY: Record<string, Obj> = {
  LOW: { consecutive5xxErrors: 20, interval: '30s', baseEjectionTime: '30s' },
  MEDIUM: { consecutive5xxErrors: 10, interval: '10s', baseEjectionTime: '30s' },
  HIGH: { consecutive5xxErrors: 5, interval: '5s', baseEjectionTime: '30s' },
};

/** Sidecar egress hosts for a reachability mode, seen from one namespace of one cluster. */
export function reachabilityHosts(mode: string, custom: readonly string[], ns: string, group: GroupScope, cluster: ClusterInfo): string[] | undefined {
  switch (mode) {
    case 'NAMESPACE':
      return ['./*', 'istio-system/*'];
    case 'GROUP':
      return [...new Set([...groupNamespaces(group, cluster), ns])].sort().map((n) => `${n}/*`).concat('istio-system/*');
    case 'WORKSPACE':
      return [...new Set([...workspaceNamespaces(group.workspace, cluster), ns])].sort().map((n) => `${n}/*`).concat('istio-system/*');
    case 'CLUSTER':
      return ['*/*'];
    case 'CUSTOM':
      return custom.length > 0 ? [...custom] : undefined;
    default:
      return undefined;
  }
}

/**
 * TSB resilience → DestinationRule traffic policy: retries cap the retry budget
 * (connectionPool.http.maxRetries), httpRequestTimeout bounds connection set-up (tcp.connectTimeout;
 * a DestinationRule has no per-request timeout), keep-alive enables TCP keep-alives, and the
 * circuit-breaker sensitivity picks outlier-detection thresholds.
 */
function trafficPolicy(res: Obj): Obj | undefined {
  const policy: Obj = {};
  const http: Obj = {};
  const tcp: Obj = {};
  const retries = obj(res.httpRetries);
  if (num(retries.attempts) !== undefined) http.maxRetries = retries.attempts;
  if (str(res.httpRequestTimeout)) tcp.connectTimeout = res.httpRequestTimeout;
  const ka = obj(obj(res.keepAlive).tcp);
  if (Object.keys(ka).length > 0) tcp.tcpKeepalive = { probes: ka.probes, time: ka.time, interval: ka.interval };
  else if (res.tcpKeepalive === true) tcp.tcpKeepalive = {};
  const pool: Obj = {};
  if (Object.keys(http).length > 0) pool.http = http;
  if (Object.keys(tcp).length > 0) pool.tcp = tcp;
  if (Object.keys(pool).length > 0) policy.connectionPool = pool;
  const outlier = SENSITIVITY[str(res.circuitBreakerSensitivity) ?? ''];
  if (outlier) policy.outlierDetection = outlier;
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** TrafficSetting → per selected namespace a Sidecar (reachability) and a DestinationRule (resilience). */
export function translateTrafficSetting(res: ConfigResource, group: GroupScope, cluster: ClusterInfo): IstioObject[] {
  const reach = obj(res.spec.reachability);
  const mode = str(reach.mode) ?? 'UNSET';
  const custom = Array.isArray(reach.hosts) ? reach.hosts.filter((h): h is string => typeof h === 'string') : [];
  const policy = trafficPolicy(obj(res.spec.resilience));
  const name = dnsName([group.name, res.name]);
  const out: IstioObject[] = [];
  for (const ns of groupNamespaces(group, cluster)) {
    const hosts = reachabilityHosts(mode, custom, ns, group, cluster);
    if (hosts) out.push(makeObject(NETWORKING, 'Sidecar', name, ns, res, { egress: [{ hosts }] }));
    if (policy) out.push(makeObject(NETWORKING, 'DestinationRule', name, ns, res, { host: `*.${ns}.svc.cluster.local`, exportTo: ['.'], trafficPolicy: policy }));
  }
  return out;
}

/** ServiceRoute → VirtualService splitting by subset weight + DestinationRule defining the subsets. */
export function translateServiceRoute(res: ConfigResource, group: GroupScope, cluster: ClusterInfo): IstioObject[] {
  const service = str(res.spec.service) ?? '';
  const slash = service.indexOf('/');
  if (slash <= 0) return [];
  const ns = service.slice(0, slash);
  if (!groupSelects(group, cluster, ns)) return [];
  const host = routeHost(service);
  const subsets = list(res.spec.subsets).filter((s) => str(s.name));
  const name = dnsName([res.name]);
  const weights = splitWeights(subsets.map((s) => num(s.weight)));
  const subsetDefs = subsets.map((s) => ({ name: dnsName([str(s.name) ?? '']), labels: obj(s.labels) }));
  const route = subsetDefs.map((s, i) => ({ destination: { host, subset: s.name }, weight: weights[i] }));
  const http = list(res.spec.httpRoutes).map((r, i) => routeFromTsb(r, i, host));
  if (route.length > 0) http.push({ name: 'default', route });
  const out: IstioObject[] = [];
  if (http.length > 0) out.push(makeObject(NETWORKING, 'VirtualService', name, ns, res, { hosts: [host], http }));
  if (subsetDefs.length > 0) out.push(makeObject(NETWORKING, 'DestinationRule', name, ns, res, { host, subsets: subsetDefs }));
  return out;
}

/** ServiceRoute.httpRoutes[] entry: `{name, match[], destination[{subset, weight, port}]}`. */
function routeFromTsb(r: Obj, i: number, host: string): Obj {
  const dests = list(obj(r.routeDestination).destinations ?? r.destination);
  const weights = splitWeights(dests.map((d) => num(d.weight)));
  const route = dests.map((d, j) => ({
    destination: { host, ...(str(d.subset) ? { subset: dnsName([str(d.subset) ?? '']) } : {}), ...(num(d.port) ? { port: { number: d.port } } : {}) },
    weight: weights[j],
  }));
  const match = list(r.match).map((m) => {
    const out: Obj = {};
    for (const k of ['uri', 'headers', 'method', 'queryParams']) if (m[k] !== undefined) out[k] = m[k];
    return out;
  });
  return { name: dnsName([str(r.name) ?? `route-${i}`]), ...(match.length > 0 ? { match } : {}), route };
}
