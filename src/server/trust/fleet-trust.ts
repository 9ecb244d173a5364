// The fleet's workload trust as the rest of the server reads it (issue #16). Agents report, per
// workload, the roots and chain its sidecar holds; the agent streams group them into a ClusterTrust
// written with the cluster status (`workloadTrust`), so every replica, and a server restarted
// mid-rotation, reads the same view from the store. Rotation steps gate on the functions here.
import { everyWorkloadChainsTo, everyWorkloadHoldsRoot, noWorkloadHoldsRoot, type ClusterTrust, type TrustCheck } from '../../api/index.js';
import type { Store } from '../../store/index.js';

/** The cluster status fields this reads (written by src/server/distribute). */
interface StoredClusterStatus {
  readonly connected?: boolean;
  readonly workloadTrust?: ClusterTrust;
}

/** One cluster's trust with whether its agent is connected now. */
export interface ReportedTrust {
  readonly trust: ClusterTrust | undefined;
  readonly agentConnected: boolean;
}

/**
 * What cluster `clusterFqn`'s workloads trust, as its agent last reported it; `trust` is undefined
 * when the agent never reported (a gate over it must hold).
 */
export async function readClusterTrust(store: Pick<Store, 'getStatus'>, clusterFqn: string): Promise<ReportedTrust> {
  const rec = (await store.getStatus(clusterFqn)).find((r) => r.source === '');
  const st = (rec?.status ?? {}) as StoredClusterStatus;
  return { trust: st.workloadTrust, agentConnected: st.connected === true };
}

/** The gates a root rotation asks of one cluster; each reads the stored view afresh. */
export const trustGates = {
  /** Step 1 done here: every workload's ROOTCA bundle holds `rootSha256`. */
  async everyWorkloadHoldsRoot(store: Pick<Store, 'getStatus'>, clusterFqn: string, rootSha256: string): Promise<TrustCheck> {
    return everyWorkloadHoldsRoot((await readClusterTrust(store, clusterFqn)).trust, rootSha256);
  },
  /** Step 2 done here: every workload's chain verifies to `rootSha256`. */
  async everyWorkloadChainsTo(store: Pick<Store, 'getStatus'>, clusterFqn: string, rootSha256: string): Promise<TrustCheck> {
    return everyWorkloadChainsTo((await readClusterTrust(store, clusterFqn)).trust, rootSha256);
  },
  /** Step 3 done here: no workload still holds `rootSha256`. */
  async noWorkloadHoldsRoot(store: Pick<Store, 'getStatus'>, clusterFqn: string, rootSha256: string): Promise<TrustCheck> {
    return noWorkloadHoldsRoot((await readClusterTrust(store, clusterFqn)).trust, rootSha256);
  },
};
