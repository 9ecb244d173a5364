import type { ClusterInfo } from '../../translate/index.js';
import type { Inventory } from '../../gen/agent-types.js';

/** Matches a cluster's FQN: organizations/<org>/clusters/<name>. */
export const CLUSTER_FQN = /^(organizations\/[^/]+)\/clusters\/([^/]+)$/;

/** The organization FQN a resource belongs to. */
export function orgOf(fqn: string): string {
  return fqn.split('/').slice(0, 2).join('/');
}

/** What translation needs of a cluster, from the inventory its agent reported. */
export function inventoryInfo(name: string, inv: Inventory | null | undefined, trustDomain: string | undefined): ClusterInfo {
  return {
    name,
    trustDomain,
    namespaces: [...new Set(inv?.namespaces ?? [])].sort(),
    services: (inv?.services ?? []).map((s) => ({ namespace: s.namespace, name: s.name, ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })) })),
  };
}
