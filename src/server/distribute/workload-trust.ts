import type { Inventory } from '../../gen/agent-types.js';

/** One workload's trust material in a cluster's status: fingerprints only (proto WorkloadTrust). */
export interface WorkloadTrustStatus {
  readonly namespace: string;
  readonly name: string;
  readonly rootSha256: readonly string[];
  readonly chainSha256: readonly string[];
  readonly chainRootSha256: string;
}

/**
 * The workloads' trust an inventory reports, sorted by namespace/name, or undefined when it
 * reports none (so a status without workloads stays as it was).
 */
export function workloadTrustOf(inv: Inventory | null | undefined): WorkloadTrustStatus[] | undefined {
  const list = inv?.workloadTrust ?? [];
  if (list.length === 0) return undefined;
  return list
    .map((w) => ({ namespace: w.namespace, name: w.name, rootSha256: [...w.rootSha256], chainSha256: [...w.chainSha256], chainRootSha256: w.chainRootSha256 }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
