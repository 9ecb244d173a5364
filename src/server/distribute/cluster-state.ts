import type { ClusterInfo } from '../../translate/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import type { ClusterTrust } from '../../api/index.js';
import type { ClusterCaStatus } from '../ca/index.js';
import type { ClusterSnapshot } from './snapshot.js';
import type { ClusterCniNode } from './cluster-status.js';
import type { ClusterSpecFacts } from './cluster-info.js';

/** What a replica holds of one cluster whose agent streams to it. */
export interface ClusterState {
  readonly fqn: string;
  readonly org: string;
  info: ClusterInfo;
  snapshot: ClusterSnapshot | undefined;
  agentVersion: string;
  /** Resources whose objects failed Istio validation here (FQN → reason); never sent. */
  invalid: Map<string, string>;
  /** What the agent last reported of its cacerts, checked against the mesh root. */
  ca?: ClusterCaStatus;
  /** Issue #13: the CNI chain of each node the agent inspects. */
  cni?: ClusterCniNode[];
  /** The Cluster resource's trust domain (used when the agent reports none), network and region. */
  spec: ClusterSpecFacts;
  /** The agent's last inventory (the cluster's info is rebuilt from it when health or spec change). */
  inventory: Inventory | null | undefined;
  /** What the cluster's workloads trust, from the agent's last inventory (issue #16). */
  trust?: ClusterTrust;
}
