/**
 * Tier1Gateway → the tier-1 Gateway, its VirtualServices, and in `xcp-multicluster` of the
 * tier-1 cluster a ServiceEntry per server whose endpoints are the ingress gateways of the target
 * clusters (their reported addresses, port 15443 or its nodePort) plus a DestinationRule with
 * Istio mutual TLS (issue #17, Route).
 *
 * TSB (refs/tsb/gateway/v2/tier1_gateway): an external server terminates TLS and forwards over
 * Istio mTLS on 15443 to the ingress gateways exposing the hostname in `clusters` (weights as
 * given); without clusters, or without any weight, to every cluster whose ingress gateways expose
 * it, with locality failover. Internal servers take mesh traffic over Istio mTLS (15443) and
 * forward it the same way. Passthrough servers forward TLS untouched to the tier-2 passthrough
 * servers exposing the hostname on the same port. A tier-1 gateway never routes to its own cluster.
 */
import { dnsName } from '../../api/index.js';
import type { ClusterInfo, ConfigResource, GatewayInfo, IstioObject } from '../model.js';
import { NETWORKING, makeObject } from '../naming.js';
import type { ConfigIndex, GroupScope } from '../scope.js';
import { groupSelects } from '../scope.js';
import { type Obj, list, obj, str } from '../values.js';
import { gatewayPolicies, server, serverTls, splitWeights, withReason } from '../gateway.js';
import { clusterSubsets, failoverPolicy, serviceEntrySpec, subsetName, type EntryPort } from './endpoints.js';
import { MC_NAMESPACE, MC_PORT, type TargetProblem, namedClusters, reachability, resolveTargets } from './reach.js';
import { configuredHostnames } from './ingress.js';

type Kind = 'external' | 'internal' | 'passthrough';

/** What one tier-1 server routes to. */
export interface ServerPlan {
  readonly path: string;
  /** The server as written. */
  readonly spec: Obj;
  readonly kind: Kind;
  readonly name: string;
  readonly hostname: string;
  /** Port clients reach the tier-1 gateway on (15443 for internal servers). */
  readonly port: number;
  readonly problems: readonly TargetProblem[];
  /** Clusters routed to. */
  readonly targets: readonly string[];
  readonly objects: readonly IstioObject[];
  /** Route destinations for the VirtualService; empty: nothing to route to. */
  readonly route: readonly Obj[];
}

const SERVER_LISTS: readonly { field: string; kind: Kind }[] = [
  { field: 'externalServers', kind: 'external' },
  { field: 'internalServers', kind: 'internal' },
  { field: 'passthroughServers', kind: 'passthrough' },
];

/**
 * True when an ingress-type gateway of a cluster exposes `host`: meshbridge's configuration has an
 * IngressGateway serve exactly that hostname on it there (configuredHostnames). The hostnames the
 * agent reports are not consulted: a Gateway with `hosts: ["*"]` (Istio's bookinfo sample) or a
 * tenant's Gateway naming another tenant's hostname must not pull tier-1 traffic into a cluster.
 */
export function exposes(index: Pick<ConfigIndex, 'leaves'>, host: string): (g: GatewayInfo, c: ClusterInfo) => boolean {
  const h = host.toLowerCase();
  return (g, c) => g.kind === 'ingress' && configuredHostnames(index, c, g).includes(h);
}

/**
 * Plans every server of a Tier1Gateway running in `source`: targets, problems and the
 * cross-cluster objects. Shared by translation and the status notes (one reading of the mesh).
 */
export function planTier1(
  res: ConfigResource,
  source: ClusterInfo,
  index: Pick<ConfigIndex, 'leaves' | 'clusters' | 'settings'>,
  mesh: readonly ClusterInfo[],
): ServerPlan[] {
  const rules = reachability(index, res.fqn);
  const plans: ServerPlan[] = [];
  for (const { field, kind } of SERVER_LISTS) {
    list(res.spec[field]).forEach((e, i) => {
      const srv = server(e, kind === 'internal' ? MC_PORT : 80);
      const port = kind === 'internal' ? MC_PORT : srv.port;
      const named = namedClusters(e.clusters)?.filter((c) => index.clusters.has(c.name));
      const { targets, problems } = resolveTargets({
        source,
        mesh,
        rules,
        accepts: exposes(index, srv.hostname),
        port: kind === 'passthrough' ? srv.port : MC_PORT,
        ...(named !== undefined ? { named } : {}),
        what: `ingress gateway exposing ${srv.hostname}`,
      });
      const name = dnsName([res.name, srv.name]);
      const entryPort: EntryPort =
        kind === 'passthrough' ? { name: `tls-${srv.name}`, number: port, protocol: 'TLS' } : { name: `http-${srv.name}`, number: port, protocol: 'HTTP' };
      const objects: IstioObject[] = [];
      const route: Obj[] = [];
      if (targets.length > 0) {
        const weighted = targets.some((t) => t.weight !== undefined);
        objects.push(makeObject(NETWORKING, 'ServiceEntry', name, MC_NAMESPACE, res, serviceEntrySpec(srv.hostname, [entryPort], targets)));
        // Passthrough keeps the client's TLS end to end; the others originate Istio mTLS with the
        // hostname as SNI, which the remote gateway's 15443 ISTIO_MUTUAL server matches.
        const tls = kind === 'passthrough' ? {} : { tls: { mode: 'ISTIO_MUTUAL', sni: srv.hostname } };
        const policy = weighted ? tls : { ...tls, ...failoverPolicy(index, res.fqn) };
        objects.push(
          makeObject(NETWORKING, 'DestinationRule', name, MC_NAMESPACE, res, {
            host: srv.hostname,
            ...(Object.keys(policy).length > 0 ? { trafficPolicy: policy } : {}),
            ...(weighted ? { subsets: clusterSubsets(targets) } : {}),
          }),
        );
        const weights = weighted ? splitWeights(targets.map((t) => t.weight)) : [];
        for (const [j, t] of targets.entries()) {
          const destination = { host: srv.hostname, port: { number: port }, ...(weighted ? { subset: subsetName(t.cluster.name) } : {}) };
          if (weighted) route.push({ destination, weight: weights[j] });
          else if (j === 0) route.push({ destination });
        }
      }
      plans.push({
        path: `spec.${field}[${i}]`,
        spec: e,
        kind,
        name: srv.name,
        hostname: srv.hostname,
        port,
        problems,
        targets: targets.map((t) => t.cluster.name),
        objects,
        route,
      });
    });
  }
  return plans;
}

/** Tier1Gateway → Gateway + VirtualServices on the tier-1 cluster, routing across clusters. */
export function translateTier1Gateway(
  res: ConfigResource,
  group: GroupScope,
  cluster: ClusterInfo,
  index: Pick<ConfigIndex, 'leaves' | 'clusters' | 'settings'>,
  mesh: readonly ClusterInfo[],
): IstioObject[] {
  const ws = obj(res.spec.workloadSelector);
  const ns = str(ws.namespace);
  if (!ns || !groupSelects(group, cluster, ns)) return [];
  const gwName = dnsName([res.name]);
  const servers: Obj[] = [];
  const out: IstioObject[] = [];
  const selector = Object.keys(obj(ws.labels)).length > 0 ? obj(ws.labels) : { app: gwName };
  out.push(...gatewayPolicies(res, res.spec, { name: gwName, namespace: ns, source: res, selector }, 'spec'));
  const gatewayReasons: string[] = [];
  for (const plan of planTier1(res, cluster, index, mesh)) {
    const e = plan.spec;
    const name = dnsName([res.name, plan.name]);
    if (plan.kind !== 'passthrough') {
      out.push(...gatewayPolicies(res, e, { name: dnsName([gwName, plan.name]), namespace: ns, source: res, selector, hosts: [plan.hostname] }, plan.path));
    }
    if (plan.kind === 'external') {
      const tls = serverTls(obj(e.tls));
      servers.push({
        port: { number: plan.port, name: `${tls ? 'https' : 'http'}-${plan.name}`, protocol: tls ? 'HTTPS' : 'HTTP' },
        hosts: [plan.hostname],
        ...(tls ? { tls } : {}),
      });
    } else if (plan.kind === 'internal') {
      servers.push({ port: { number: MC_PORT, name: `tls-${plan.name}`, protocol: 'HTTPS' }, hosts: [plan.hostname], tls: { mode: 'ISTIO_MUTUAL' } });
    } else {
      servers.push({ port: { number: plan.port, name: `tls-${plan.name}`, protocol: 'TLS' }, hosts: [plan.hostname], tls: { mode: 'PASSTHROUGH' } });
    }
    const base = { hosts: [plan.hostname], gateways: [`${ns}/${gwName}`] };
    let vs: IstioObject;
    if (plan.kind === 'passthrough') {
      vs = makeObject(NETWORKING, 'VirtualService', name, ns, res, {
        ...base,
        tls: [{ match: [{ port: plan.port, sniHosts: [plan.hostname] }], route: plan.route }],
      });
    } else {
      const http =
        plan.route.length > 0
          ? { name: plan.name, route: plan.route }
          : { name: plan.name, directResponse: { status: 503, body: { string: 'no target cluster exposes this hostname' } } };
      vs = makeObject(NETWORKING, 'VirtualService', name, ns, res, { ...base, http: [http] });
    }
    const missing = list(e.clusters)
      .map((c) => str(c.name) ?? '')
      .filter((c) => c !== '' && !index.clusters.has(c));
    const reasons = [
      ...(missing.length > 0 ? [`clusters ${missing.join(', ')} do not exist; not routed [MB3013]`] : []),
      ...plan.problems.map((p) => `${p.reason} [${p.code}]`),
    ];
    // A passthrough server with nowhere to go gets no VirtualService (Istio then refuses the
    // connection); its reasons go on the Gateway.
    if (plan.kind !== 'passthrough' || plan.route.length > 0) out.push(reasons.length > 0 ? withReason(vs, reasons.join('; ')) : vs);
    else gatewayReasons.push(...reasons.map((r) => `${plan.name}: ${r}`));
    out.push(...plan.objects);
  }
  const gw = makeObject(NETWORKING, 'Gateway', gwName, ns, res, { selector, servers });
  out.unshift(gatewayReasons.length > 0 ? withReason(gw, gatewayReasons.join('; ')) : gw);
  return out;
}
