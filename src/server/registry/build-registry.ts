// The global service registry as a pure function of the org's mesh view (issue #17): one entry per
// hostname a gateway exposes, with every cluster and gateway that exposes it. No second source of
// truth: what translation reads is what the registry shows.
import { serviceHealth, type GatewayHealth, type RegisteredCluster, type RegisteredService } from '../../api/index.js';
import type { GatewayInfo, MeshView } from '../../translate/index.js';

const health = (g: GatewayInfo): GatewayHealth => (g.healthy === undefined ? 'UNKNOWN' : g.healthy ? 'HEALTHY' : 'UNHEALTHY');

/** Every hostname of the org's clusters' gateways, sorted, clusters and gateways sorted by name. */
export function buildRegistry(org: string, mesh: MeshView): RegisteredService[] {
  const byHost = new Map<string, Map<string, RegisteredCluster>>();
  for (const c of mesh.clusters) {
    for (const g of c.gateways ?? []) {
      for (const hostname of new Set(g.hostnames)) {
        const clusters = byHost.get(hostname) ?? new Map<string, RegisteredCluster>();
        byHost.set(hostname, clusters);
        let rc = clusters.get(c.name);
        if (!rc) {
          rc = { cluster: c.name, fqn: `${org}/clusters/${c.name}`, network: c.network ?? '', ...(c.region ? { region: c.region } : {}), gateways: [] };
          clusters.set(c.name, rc);
        }
        rc.gateways.push({
          namespace: g.namespace,
          name: g.name,
          kind: g.kind,
          addresses: [...g.addresses],
          ports: g.ports.map((p) => ({ ...p })),
          network: g.network || c.network || '',
          health: health(g),
        });
      }
    }
  }
  return [...byHost.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hostname, clusters]) => {
      const cs = [...clusters.values()].sort((a, b) => a.cluster.localeCompare(b.cluster));
      for (const c of cs) c.gateways.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
      return { fqn: `${org}/services/${hostname}`, hostname, health: serviceHealth(cs.flatMap((c) => c.gateways)), clusters: cs };
    });
}
