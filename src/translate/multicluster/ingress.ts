/**
 * What cross-cluster routing adds to an IngressGateway (issue #17, Route):
 *
 * - a server on 15443 with Istio mutual TLS for the hostnames a Tier1Gateway forwards to, so the
 *   tier-1's mTLS connection (SNI = the hostname) lands on the same routes as external clients
 *   (TSB refs/tsb/gateway/v2/tier1_gateway: forwarded "over Istio mutual TLS on port 15443");
 * - one owner per hostname in a cluster: TSB requires an IngressGateway hostname to be unique
 *   across the gateways of a cluster for multicluster routing (terraform-provider-tsb
 *   docs/resources/gateway_ingress_gateway.md). Two workspaces exposing one hostname in one cluster
 *   is resolved deterministically: the gateway with the smaller FQN keeps it, the other loses that
 *   server there (status PARTIAL, MB3752). The same hostname in different clusters is one global
 *   service: tier-1 gateways route to every cluster exposing it, whichever workspace does.
 */
import type { ClusterInfo, ConfigResource, GatewayInfo, IstioObject } from '../model.js';
import type { ConfigIndex, GroupScope } from '../scope.js';
import { groupSelects } from '../scope.js';
import { list, obj, str } from '../values.js';
import { translateIngressGateway, withReason } from '../gateway.js';
import { MC_PORT, hostMatches } from './reach.js';

/** Hostnames an IngressGateway serves, by server list. */
export function ingressHostnames(res: Pick<ConfigResource, 'spec'>): string[] {
  const out: string[] = [];
  for (const field of ['http', 'tcp', 'tlsPassthrough']) for (const s of list(res.spec[field])) if (str(s.hostname)) out.push(str(s.hostname) as string);
  return [...new Set(out)];
}

/** Hostnames that some Tier1Gateway of the configuration forwards over 15443 (external and internal servers). */
function tier1Hostnames(index: Pick<ConfigIndex, 'leaves'>): string[] {
  const out = new Set<string>();
  for (const l of index.leaves) {
    if (l.resource.kind !== 'Tier1Gateway' || l.group.type !== 'gateway' || l.group.mode !== 'BRIDGED') continue;
    for (const field of ['externalServers', 'internalServers'])
      for (const s of list(l.resource.spec[field])) if (str(s.hostname)) out.add(str(s.hostname) as string);
  }
  return [...out].sort();
}

const contestedMemo = new WeakMap<object, Set<string>>();

/**
 * IngressGateways sharing a hostname with a gateway of another workspace (somewhere): only their
 * output can depend on which other gateways land in a cluster. Memoised per configuration index.
 */
export function contestedIngress(index: Pick<ConfigIndex, 'leaves'>): ReadonlySet<string> {
  let out = contestedMemo.get(index.leaves);
  if (out) return out;
  out = new Set<string>();
  const byHost = new Map<string, { fqn: string; ws: string }[]>();
  for (const l of index.leaves) {
    if (l.resource.kind !== 'IngressGateway' || l.group.type !== 'gateway' || l.group.mode !== 'BRIDGED') continue;
    for (const h of ingressHostnames(l.resource)) byHost.set(h, [...(byHost.get(h) ?? []), { fqn: l.resource.fqn, ws: l.group.workspace.fqn }]);
  }
  for (const gws of byHost.values()) if (new Set(gws.map((g) => g.ws)).size > 1) for (const g of gws) out.add(g.fqn);
  contestedMemo.set(index.leaves, out);
  return out;
}

/** A hostname this gateway may not serve in a cluster, and the gateway that keeps it. */
export interface LostHostname {
  readonly hostname: string;
  readonly winner: string;
}

/** Hostnames `res` loses in `cluster` to an IngressGateway of another workspace with a smaller FQN. */
export function lostHostnames(res: ConfigResource, group: GroupScope, cluster: ClusterInfo, index: Pick<ConfigIndex, 'leaves'>): LostHostname[] {
  const mine = ingressHostnames(res);
  if (mine.length === 0) return [];
  const out: LostHostname[] = [];
  for (const l of index.leaves) {
    if (l.resource.kind !== 'IngressGateway' || l.group.type !== 'gateway' || l.group.mode !== 'BRIDGED') continue;
    if (l.group.workspace.fqn === group.workspace.fqn || l.resource.fqn >= res.fqn) continue;
    const ns = str(obj(l.resource.spec.workloadSelector).namespace);
    if (!ns || !groupSelects(l.group, cluster, ns)) continue;
    const theirs = ingressHostnames(l.resource);
    for (const h of mine) if (theirs.includes(h) && !out.some((x) => x.hostname === h)) out.push({ hostname: h, winner: l.resource.fqn });
  }
  return out;
}

const ingressMemo = new WeakMap<object, ConfigIndex['leaves'][number][]>();

/** The BRIDGED IngressGateways of a configuration (memoised per index). */
function ingressLeaves(index: Pick<ConfigIndex, 'leaves'>): ConfigIndex['leaves'][number][] {
  let out = ingressMemo.get(index.leaves);
  if (!out) {
    out = index.leaves.filter((l) => l.resource.kind === 'IngressGateway' && l.group.type === 'gateway' && l.group.mode === 'BRIDGED');
    ingressMemo.set(index.leaves, out);
  }
  return out;
}

/**
 * Hostnames meshbridge's own configuration serves on the reported gateway `g` of `cluster`: those
 * of the IngressGateways whose group selects the gateway's namespace there and whose
 * `workloadSelector` names it (same namespace; Service named after `labels.app` when given),
 * less the hostnames such a gateway loses to another workspace in that cluster (MB3752).
 *
 * This, not what the agent reports, decides which clusters expose a hostname (TSB's management
 * plane knows it from its own IngressGateway configuration): the hostnames of the Istio Gateways an
 * agent reads may be written by anyone with access to a namespace, `hosts: ["*"]` included.
 */
export function configuredHostnames(index: Pick<ConfigIndex, 'leaves'>, cluster: ClusterInfo, g: Pick<GatewayInfo, 'namespace' | 'name'>): string[] {
  const out = new Set<string>();
  for (const l of ingressLeaves(index)) {
    const sel = obj(l.resource.spec.workloadSelector);
    const app = str(obj(sel.labels).app);
    if (str(sel.namespace) !== g.namespace || (app !== undefined && app !== g.name) || !groupSelects(l.group, cluster, g.namespace)) continue;
    const lost = new Set(lostHostnames(l.resource, l.group, cluster, index).map((x) => x.hostname));
    for (const h of ingressHostnames(l.resource)) if (!lost.has(h)) out.add(h.toLowerCase());
  }
  return [...out].sort();
}

/** IngressGateway with the cross-cluster server on 15443 and without the hostnames it lost. */
export function translateIngressMulticluster(res: ConfigResource, group: GroupScope, cluster: ClusterInfo, index: Pick<ConfigIndex, 'leaves'>): IstioObject[] {
  let objs = translateIngressGateway(res, group, cluster);
  if (objs.length === 0) return objs;
  const lost = lostHostnames(res, group, cluster, index);
  const lostSet = new Set(lost.map((l) => l.hostname));
  const forwarded = tier1Hostnames(index);
  const httpHosts = list(res.spec.http)
    .map((s) => str(s.hostname))
    .filter((h): h is string => h !== undefined && !lostSet.has(h) && forwarded.some((f) => hostMatches(f, h) || hostMatches(h, f)));
  if (lostSet.size > 0) {
    // The VirtualServices of a lost hostname go; so do the Gateway servers that served only it.
    objs = objs.filter((o) => o.kind !== 'VirtualService' || !(o.spec.hosts as string[] | undefined)?.every((h) => lostSet.has(h)));
  }
  const out: IstioObject[] = [];
  for (const o of objs) {
    if (o.kind !== 'Gateway') {
      out.push(o);
      continue;
    }
    let servers: Record<string, unknown>[] = (o.spec.servers as { hosts: string[] }[]).filter((s) => !s.hosts.every((h) => lostSet.has(h)));
    if (httpHosts.length > 0) {
      servers = [
        ...servers,
        { port: { number: MC_PORT, name: 'tls-multicluster', protocol: 'HTTPS' }, hosts: [...new Set(httpHosts)].sort(), tls: { mode: 'ISTIO_MUTUAL' } },
      ];
    }
    // A Gateway left without servers is not valid Istio: it goes (the status says why).
    if (servers.length === 0) continue;
    const gw = { ...o, spec: { ...o.spec, servers } };
    const reason = lost
      .map((l) => `hostname ${l.hostname} is exposed in ${cluster.name} by ${l.winner} (another workspace); not served here [MB3752]`)
      .join('; ');
    out.push(reason ? withReason(gw, reason) : gw);
  }
  return out;
}
