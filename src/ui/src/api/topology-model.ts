/**
 * Builds the topology graph (clusters, their gateways and the services they route to) from the
 * configuration and the agents' inventories. Pure, so it is tested without a browser.
 */

export interface TopoCluster {
  readonly name: string;
  readonly fqn: string;
  readonly status: string;
  readonly namespaces: readonly string[];
  /** `namespace/name` of each Service the agent reported. */
  readonly services: readonly string[];
}

export interface TopoGateway {
  readonly fqn: string;
  readonly kind: 'IngressGateway' | 'Tier1Gateway';
  readonly name: string;
  readonly status: string;
  /** The namespace of the gateway's workload (workloadSelector.namespace). */
  readonly namespace: string;
  /** The group's (or workspace's) namespace selectors, `cluster/namespace` with `*` globs. */
  readonly selectors: readonly string[];
  readonly spec: Record<string, unknown>;
}

export interface TopoNode {
  readonly id: string;
  readonly kind: 'cluster' | 'gateway' | 'service';
  readonly label: string;
  readonly status: string;
  readonly cluster: string;
  /** The object a click opens. */
  readonly fqn?: string;
}

export interface TopoEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
}

export interface Topology {
  readonly nodes: TopoNode[];
  readonly edges: TopoEdge[];
}

function glob(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

/** The clusters a gateway's workload namespace is selected in (and present in their inventory). */
export function clustersOf(g: TopoGateway, clusters: readonly TopoCluster[]): string[] {
  const out = new Set<string>();
  for (const sel of g.selectors) {
    const [c, ns] = sel.includes('/') ? sel.split('/', 2) : ['*', sel];
    for (const cl of clusters) {
      if (!glob(c, cl.name)) continue;
      const nsMatches = ns === '*' || glob(ns, g.namespace);
      if (!nsMatches) continue;
      // A wildcard cluster only counts where the namespace exists; a named one counts regardless.
      if (c === '*' && !cl.namespaces.includes(g.namespace)) continue;
      out.add(cl.name);
    }
  }
  return [...out].sort();
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

/** `ns/host` routes of an IngressGateway's http servers (route.host is `<ns>/<fqdn>`). */
function routedHosts(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const server of list(spec.http)) {
    const routing = (server.routing ?? {}) as Record<string, unknown>;
    for (const rule of list(routing.rules)) {
      const route = (rule.route ?? {}) as Record<string, unknown>;
      if (typeof route.host === 'string') out.push(route.host);
    }
  }
  return out;
}

function hostnames(spec: Record<string, unknown>, key: string): string[] {
  return list(spec[key])
    .map((s) => String(s.hostname ?? ''))
    .filter(Boolean);
}

/** The inventory's `namespace/name` for a route host `ns/name.ns.svc.cluster.local`. */
function serviceKey(host: string): { ns: string; name: string } | undefined {
  const [ns, fqdn] = host.split('/', 2);
  if (!ns || !fqdn) return undefined;
  return { ns, name: fqdn.split('.')[0] };
}

/** The graph: a node per cluster, per gateway in each cluster it runs in, per routed service. */
export function buildTopology(clusters: readonly TopoCluster[], gateways: readonly TopoGateway[]): Topology {
  const nodes = new Map<string, TopoNode>();
  const edges = new Map<string, TopoEdge>();
  for (const c of clusters)
    nodes.set(`cluster:${c.name}`, { id: `cluster:${c.name}`, kind: 'cluster', label: c.name, status: c.status, cluster: c.name, fqn: c.fqn });
  const ingressByCluster = new Map<string, { id: string; hosts: string[] }[]>();
  const placed = gateways.map((g) => ({ g, in: clustersOf(g, clusters) }));
  for (const { g, in: where } of placed) {
    for (const c of where) {
      const id = `gw:${g.fqn}@${c}`;
      nodes.set(id, { id, kind: 'gateway', label: `${g.kind === 'Tier1Gateway' ? 'tier-1' : 'ingress'} ${g.name}`, status: g.status, cluster: c, fqn: g.fqn });
      if (g.kind === 'IngressGateway') {
        ingressByCluster.set(c, [...(ingressByCluster.get(c) ?? []), { id, hosts: hostnames(g.spec, 'http') }]);
        const cluster = clusters.find((x) => x.name === c);
        for (const host of routedHosts(g.spec)) {
          const key = serviceKey(host);
          if (!key) continue;
          const known = cluster?.services.includes(`${key.ns}/${key.name}`) ?? false;
          const sid = `svc:${c}/${key.ns}/${key.name}`;
          nodes.set(sid, { id: sid, kind: 'service', label: `${key.ns}/${key.name}`, status: known ? 'READY' : 'MISSING', cluster: c });
          edges.set(`${id}->${sid}`, { id: `${id}->${sid}`, source: id, target: sid, label: host });
        }
      }
    }
  }
  for (const { g, in: where } of placed) {
    if (g.kind !== 'Tier1Gateway') continue;
    for (const server of list(g.spec.externalServers)) {
      const host = String(server.hostname ?? '');
      for (const target of list(server.clusters)) {
        const tc = String(target.name ?? '');
        const gws = (ingressByCluster.get(tc) ?? []).filter((x) => !host || x.hosts.length === 0 || x.hosts.includes(host));
        const targets = gws.length ? gws.map((x) => x.id) : nodes.has(`cluster:${tc}`) ? [`cluster:${tc}`] : [];
        for (const from of where) {
          for (const to of targets) {
            const id = `gw:${g.fqn}@${from}->${to}`;
            edges.set(id, {
              id,
              source: `gw:${g.fqn}@${from}`,
              target: to,
              label: `${host}${target.weight !== undefined ? ` (weight ${String(target.weight)})` : ''}`,
            });
          }
        }
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
