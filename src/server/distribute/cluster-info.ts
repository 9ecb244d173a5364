import type { ClusterInfo, GatewayInfo } from '../../translate/index.js';
import type { GatewayReport, Inventory } from '../../gen/agent-types.js';

/** Matches a cluster's FQN: organizations/<org>/clusters/<name>. */
export const CLUSTER_FQN = /^(organizations\/[^/]+)\/clusters\/([^/]+)$/;

/** The organization FQN a resource belongs to. */
export function orgOf(fqn: string): string {
  return fqn.split('/').slice(0, 2).join('/');
}

/** What the Cluster resource itself says that translation reads (TSB: spec.trustDomain, spec.network, spec.locality.region). */
export interface ClusterSpecFacts {
  readonly trustDomain?: string;
  readonly network?: string;
  readonly region?: string;
}

/** The facts of a Cluster resource's spec; unset or non-string fields are undefined. */
export function clusterSpecFacts(spec: Readonly<Record<string, unknown>> | undefined): ClusterSpecFacts {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const locality = spec?.locality as { region?: unknown } | undefined;
  return { trustDomain: str(spec?.trustDomain), network: str(spec?.network), region: str(locality?.region) };
}

/** Whether a pod of the cluster is ready, from its sidecar health report; undefined when not reported. */
export type PodReady = (namespace: string, pod: string) => boolean | undefined;

/**
 * A gateway is healthy when one of its pods is reported ready, unhealthy when all of its reported
 * pods are not ready, and unknown (undefined) when none of its pods has a health report.
 */
function gatewayHealth(g: GatewayReport, podReady: PodReady | undefined): boolean | undefined {
  if (!podReady) return undefined;
  const known = (g.pods ?? []).map((p) => podReady(g.namespace, p)).filter((r): r is boolean => r !== undefined);
  return known.length === 0 ? undefined : known.some(Boolean);
}

function gatewayInfo(g: GatewayReport, podReady: PodReady | undefined): GatewayInfo {
  const healthy = gatewayHealth(g, podReady);
  return {
    namespace: g.namespace,
    name: g.name,
    kind: g.kind === 'eastwest' || g.kind === 'tier1' ? g.kind : 'ingress',
    addresses: [...g.addresses],
    ports: g.ports.map((p) => ({
      name: p.name,
      port: p.port,
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      ...(p.protocol ? { protocol: p.protocol } : {}),
    })),
    hostnames: [...new Set(g.hostnames.map((h) => h.toLowerCase()))].sort(),
    ...(g.network ? { network: g.network } : {}),
    ...(healthy === undefined ? {} : { healthy }),
  };
}

/**
 * What translation needs of a cluster, from the inventory its agent reported and its Cluster
 * resource. The trust domain is the one istiod reports through the agent (a fact); the Cluster's
 * `spec.trustDomain` only when the agent reports none; undefined (never guessed) otherwise (issue
 * #18). Network and region come from the Cluster (TSB's `spec.network`, `spec.locality.region`);
 * gateways from the agent, their health from the sidecar health reports of their pods (issue #17).
 */
export function inventoryInfo(name: string, inv: Inventory | null | undefined, spec: ClusterSpecFacts, podReady?: PodReady): ClusterInfo {
  const gateways = (inv?.gateways ?? []).map((g) => gatewayInfo(g, podReady));
  return {
    name,
    trustDomain: inv?.trustDomain || spec.trustDomain || undefined,
    namespaces: [...new Set(inv?.namespaces ?? [])].sort(),
    services: (inv?.services ?? []).map((s) => ({
      namespace: s.namespace,
      name: s.name,
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    })),
    ...(spec.network ? { network: spec.network } : {}),
    ...(spec.region ? { region: spec.region } : {}),
    ...(gateways.length ? { gateways } : {}),
  };
}
