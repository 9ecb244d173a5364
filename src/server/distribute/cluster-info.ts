import type { ClusterInfo } from '../../translate/index.js';
import type { Inventory } from '../../gen/agent-types.js';

/** Matches a cluster's FQN: organizations/<org>/clusters/<name>. */
export const CLUSTER_FQN = /^(organizations\/[^/]+)\/clusters\/([^/]+)$/;

/** The organization FQN a resource belongs to. */
export function orgOf(fqn: string): string {
  return fqn.split('/').slice(0, 2).join('/');
}

/**
 * What translation needs of a cluster, from the inventory its agent reported. The trust domain is
 * the one istiod reports through the agent (a fact); the Cluster's `spec.trustDomain` only when
 * the agent reports none; undefined (never guessed) otherwise (issue #18).
 */
export function inventoryInfo(name: string, inv: Inventory | null | undefined, specTrustDomain: string | undefined): ClusterInfo {
  return {
    name,
    trustDomain: inv?.trustDomain || specTrustDomain || undefined,
    namespaces: [...new Set(inv?.namespaces ?? [])].sort(),
    services: (inv?.services ?? []).map((s) => ({
      namespace: s.namespace,
      name: s.name,
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    })),
  };
}
