// The fleet-health wire shapes of the REST API (`GET …/clusters/{c}/health`, `GET …/health`): the
// server builds them, tctl reads them.

/** One not-ready pod as the REST API serves it. */
export interface PodHealthView {
  namespace: string;
  name: string;
  ip: string;
  cause: string;
  reason: string;
  fix: string;
  details: string[];
  since: string;
  ageSeconds: number;
}

/** `GET …/clusters/{c}/health`: one cluster's sidecars as its agent last reported them. */
export interface ClusterHealthView {
  cluster: string;
  fqn: string;
  agentConnected: boolean;
  sweptAt: string;
  sweepDurationMs: number;
  total: number;
  ready: number;
  namespaces: { namespace: string; total: number; ready: number }[];
  /** Worst cause first, then oldest first. */
  notReady: PodHealthView[];
}

/** A cluster in the fleet summary: whole (`cluster`) or only a workspace's namespaces, and whether it swept on request. */
export type FleetClusterView = ClusterHealthView & { scope: 'cluster' | 'workspace'; swept?: boolean };

/** `GET /v2/organizations/{org}/health`. */
export interface FleetSummary {
  clusters: FleetClusterView[];
  total: number;
  ready: number;
}
