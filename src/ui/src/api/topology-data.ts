import { listClusters, type AgentReport } from './clusters.js';
import type { Session } from './http.js';
import { getStatus, listChildren, type Resource } from './resources.js';
import type { TopoCluster, TopoGateway } from './topology-model.js';

function selectorsOf(r: Resource): string[] {
  const sel = r.envelope.spec.namespaceSelector as { names?: unknown } | undefined;
  return Array.isArray(sel?.names) ? sel.names.map(String) : [];
}

/** Reads the clusters (with their agents' inventories) and every gateway the user may read. */
export async function loadTopology(s: Session, org: string): Promise<{ clusters: TopoCluster[]; gateways: TopoGateway[] }> {
  const clusterViews = await listClusters(s, org);
  const clusters: TopoCluster[] = clusterViews.map(({ resource, status }) => {
    const r = (status ?? {}) as AgentReport;
    return {
      name: resource.name,
      fqn: resource.fqn,
      status: status?.status ?? 'UNKNOWN',
      namespaces: [...(r.namespaces ?? [])],
      services: [...(r.services ?? [])],
    };
  });
  const gateways: TopoGateway[] = [];
  const tenants = await listChildren(s, `organizations/${org}`, 'tenants').catch(() => []);
  for (const t of tenants) {
    const workspaces = await listChildren(s, t.fqn, 'workspaces').catch(() => []);
    for (const w of workspaces) {
      const groups = await listChildren(s, w.fqn, 'gatewaygroups').catch(() => []);
      for (const g of groups) {
        const selectors = selectorsOf(g).length ? selectorsOf(g) : selectorsOf(w);
        for (const [collection, kind] of [
          ['ingressgateways', 'IngressGateway'],
          ['tier1gateways', 'Tier1Gateway'],
        ] as const) {
          const items = await listChildren(s, g.fqn, collection).catch(() => []);
          for (const it of items) {
            const spec = it.envelope.spec;
            const ws = (spec.workloadSelector ?? {}) as { namespace?: string };
            const st = await getStatus(s, it.fqn).catch(() => null);
            gateways.push({ fqn: it.fqn, kind, name: it.name, status: st?.status ?? 'UNKNOWN', namespace: ws.namespace ?? '', selectors, spec });
          }
        }
      }
    }
  }
  return { clusters, gateways };
}
