import type { Store } from '../../store/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import { bringsOwnCa, checkCaReport, meshRootsPem, type ClusterCaStatus } from '../ca/index.js';

/**
 * The cacerts an agent reports, checked against the mesh root (or, during a root rotation, either
 * root). An inventory without cacerts gives the "nothing held" status (the Secret was deleted).
 * Undefined when there is nothing to check against (no mesh CA yet) or the Cluster is gone.
 */
export async function caStatusOf(store: Store, clusterFqn: string, inv: Inventory | null | undefined): Promise<ClusterCaStatus | undefined> {
  const roots = await meshRootsPem(store.reader);
  const res = await store.reader.get(clusterFqn);
  if (!roots || !res) return undefined;
  const c = inv?.ca;
  return checkCaReport(
    c ? { source: c.source, caCertPem: c.caCertPem, certChainPem: c.certChainPem, rootCertPem: c.rootCertPem } : undefined,
    roots,
    bringsOwnCa(res.spec),
  );
}
