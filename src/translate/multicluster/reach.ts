/**
 * Which clusters may receive cross-cluster traffic, and at which gateway addresses (issue #17,
 * Route). Pure: everything comes from the mesh view (what agents report) and the configuration.
 *
 * TSB (refs/tsb/gateway/v2/tier1_gateway; refs/tsb/v2/organization_setting): traffic may go
 * from one cluster to another when both are on the same network, when the destination's network
 * is not named, or when OrganizationSetting `networkSettings.networkReachability` lists the
 * destination's network under the source's (one-way: `vpc01: vpc02,vpc03`).
 */
import type { ClusterInfo, GatewayInfo } from '../model.js';
import type { ConfigIndex } from '../scope.js';
import { obj, str } from '../values.js';

/** The namespace TSB writes its cross-cluster objects to in every cluster. */
export const MC_NAMESPACE = 'xcp-multicluster';
/** The port TSB reserves on gateways for cross-cluster mTLS (SNI-routed). */
export const MC_PORT = 15443;
/** Label on cross-cluster endpoints naming the cluster they reach (DestinationRule subsets select by it). */
export const CLUSTER_LABEL = 'meshbridge.io/cluster';

/** network → the networks its clusters may reach, besides their own. */
export type Reachability = ReadonlyMap<string, ReadonlySet<string>>;

/** The OrganizationSetting of the organization an FQN belongs to, if any. */
export function orgSetting(index: Pick<ConfigIndex, 'settings'>, fqn: string): Readonly<Record<string, unknown>> {
  const org = fqn.split('/').slice(0, 2).join('/');
  return index.settings.get(org)?.spec ?? {};
}

/** `networkSettings.networkReachability` of the organization of `fqn`. */
export function reachability(index: Pick<ConfigIndex, 'settings'>, fqn: string): Reachability {
  const map = obj(obj(orgSetting(index, fqn).networkSettings).networkReachability);
  const out = new Map<string, Set<string>>();
  for (const [from, to] of Object.entries(map)) {
    if (typeof to !== 'string') continue;
    out.set(
      from.trim(),
      new Set(
        to
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n.length > 0),
      ),
    );
  }
  return out;
}

/** True when workloads of `from` may send traffic to gateways of `to`. */
export function canReach(rules: Reachability, from: Pick<ClusterInfo, 'network'>, to: Pick<ClusterInfo, 'network'>): boolean {
  const src = from.network ?? '';
  const dst = to.network ?? '';
  if (dst === '' || src === dst) return true;
  return rules.get(src)?.has(dst) === true;
}

/** `*.example.com` matches `a.example.com` (one or more labels); otherwise exact, case-insensitive. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h || p === '*') return true;
  return p.startsWith('*.') && h.endsWith(p.slice(1));
}

/** The port a remote client dials for the gateway's `number` port: the nodePort when the addresses are nodes. */
export function dialPort(g: GatewayInfo, number: number): number | undefined {
  const p = g.ports.find((x) => x.port === number);
  if (!p) return undefined;
  return p.nodePort !== undefined && p.nodePort > 0 ? p.nodePort : p.port;
}

/** IPv4 or IPv6 literal (a ServiceEntry with only these can be STATIC; a DNS name needs DNS resolution). */
export function isIpAddress(a: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(a) || (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a));
}

/** One gateway of one cluster that will receive traffic, with the port to dial. */
export interface GatewayTarget {
  readonly cluster: ClusterInfo;
  readonly gateway: GatewayInfo;
  readonly port: number;
}

/** A cluster left out, with the reason (a status event and an annotation). */
export interface TargetProblem {
  readonly cluster: string;
  readonly code: string;
  readonly reason: string;
}

/** One cluster that receives traffic: its gateways, and the weight given to it (when weighted). */
export interface ClusterTarget {
  readonly cluster: ClusterInfo;
  readonly weight?: number;
  readonly gateways: readonly GatewayTarget[];
}

export interface TargetQuery {
  /** The cluster the traffic leaves from. */
  readonly source: ClusterInfo;
  readonly mesh: readonly ClusterInfo[];
  readonly rules: Reachability;
  /** Which gateways of a cluster qualify (exposing a hostname, matching a selector...). */
  readonly accepts: (g: GatewayInfo, c: ClusterInfo) => boolean;
  /** The gateway port traffic is sent to (15443, or a passthrough port). */
  readonly port: number;
  /** Clusters named by the configuration; undefined: every cluster with an accepted gateway. */
  readonly named?: readonly { readonly name: string; readonly weight?: number }[];
  /** What the accepted gateways are said to lack in a problem ("no gateway exposing h"). */
  readonly what: string;
}

/**
 * The clusters traffic goes to, each with its healthy qualifying gateways, and the clusters left
 * out with why: the source itself (MB3753), a network it may not reach (MB3751), no healthy
 * gateway (MB3750), no port to dial (MB3754). Sorted by cluster name when not named.
 */
export function resolveTargets(q: TargetQuery): { targets: ClusterTarget[]; problems: TargetProblem[] } {
  const byName = new Map(q.mesh.map((c) => [c.name, c]));
  const candidates: readonly { readonly name: string; readonly weight?: number }[] =
    q.named ??
    q.mesh
      .filter((c) => c.name !== q.source.name && (c.gateways ?? []).some((g) => q.accepts(g, c)))
      .map((c) => ({ name: c.name }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const targets: ClusterTarget[] = [];
  const problems: TargetProblem[] = [];
  for (const cand of candidates) {
    const c = byName.get(cand.name) ?? { name: cand.name, namespaces: [] };
    if (c.name === q.source.name) {
      problems.push({ cluster: c.name, code: 'MB3753', reason: `${c.name} is the cluster traffic leaves from; not routed to itself` });
      continue;
    }
    const from = sourceNetworks(q.source);
    const unreachable = (network: string | undefined): boolean => from.some((n) => !canReach(q.rules, { network: n }, { network }));
    if (unreachable(c.network)) {
      problems.push({ cluster: c.name, code: 'MB3751', reason: unreachableReason(c.name, c.network, from, q.source.name) });
      continue;
    }
    const qualifying = (c.gateways ?? []).filter((g) => q.accepts(g, c));
    // Endpoints carry the gateway's own network (endpoints.ts): that is the network traffic goes to,
    // so a gateway labelled with a network the rules forbid is no target even on a reachable cluster.
    const accepted = qualifying.filter((g) => !unreachable(g.network ?? c.network));
    if (qualifying.length > 0 && accepted.length === 0) {
      const nets = [...new Set(qualifying.map((g) => g.network ?? c.network ?? ''))].sort().join(', ');
      problems.push({ cluster: c.name, code: 'MB3751', reason: unreachableReason(c.name, nets, from, q.source.name, `its ${q.what} on network`) });
      continue;
    }
    const healthy = accepted.filter((g) => g.healthy !== false && g.addresses.length > 0);
    if (healthy.length === 0) {
      const why = accepted.length > 0 ? `its ${q.what} is not healthy or has no address` : `it reports no ${q.what}`;
      problems.push({ cluster: c.name, code: 'MB3750', reason: `${c.name} left out: ${why}` });
      continue;
    }
    const gateways = healthy
      .map((g) => ({ cluster: c, gateway: g, port: dialPort(g, q.port) }))
      .filter((t): t is GatewayTarget => t.port !== undefined)
      .sort((a, b) => (gatewayId(a.gateway) < gatewayId(b.gateway) ? -1 : 1));
    if (gateways.length === 0) {
      problems.push({ cluster: c.name, code: 'MB3754', reason: `${c.name} left out: its ${q.what} has no port ${q.port}` });
      continue;
    }
    targets.push({ cluster: c, gateways, ...(cand.weight !== undefined ? { weight: cand.weight } : {}) });
  }
  return { targets, problems };
}

/**
 * The networks traffic leaving `source` may come from: the Cluster's network and every network
 * its own gateways are labelled with (a tier-1 gateway sends from its network); a source without
 * a named network whose gateways name one counts as on those. Reachability must hold from each.
 */
export function sourceNetworks(source: ClusterInfo): (string | undefined)[] {
  const labelled = [...new Set((source.gateways ?? []).map((g) => g.network).filter((n): n is string => n !== undefined && n !== ''))];
  if (source.network !== undefined && source.network !== '') return [...new Set([source.network, ...labelled])];
  return labelled.length > 0 ? labelled : [undefined];
}

function unreachableReason(cluster: string, network: string | undefined, from: readonly (string | undefined)[], source: string, what = 'network'): string {
  const src = from.map((n) => n ?? '(unnamed)').join(', ');
  return `${what} ${network ?? ''} of ${cluster} is not reachable from network ${src} of ${source}`;
}

function gatewayId(g: GatewayInfo): string {
  return `${g.namespace}/${g.name}`;
}

/** `clusters[]` of a server: names with optional weights (entries without a name are labels: unsupported). */
export function namedClusters(v: unknown): { name: string; weight?: number }[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: { name: string; weight?: number }[] = [];
  for (const e of v) {
    const name = str(obj(e).name);
    const w = obj(e).weight;
    if (name) out.push(typeof w === 'number' && Number.isFinite(w) ? { name, weight: w } : { name });
  }
  return out;
}
