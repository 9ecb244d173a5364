import type { ErrorDef } from './error-def.js';

// MB3750–MB3799: cross-cluster routing (issue #17, Route): Tier1Gateway to the ingress gateways of
// other clusters, east-west exposure and failover. These codes appear as status events of the
// resource whose traffic could not be routed (and on the objects it produced, as annotations).
export const CrossClusterErrors = {
  NoGatewayForHostname: {
    code: 'MB3750',
    name: 'NoGatewayForHostname',
    status: 503,
    title: 'A target cluster has no healthy gateway exposing the hostname',
    fix: "Serve exactly that hostname with an IngressGateway placed in that cluster (its group selecting the gateway namespace there, `workloadSelector` naming the gateway: same namespace, `labels.app` = the gateway Service name) and check its pods are ready, or remove the cluster from `clusters[]`. Hostnames the cluster's own Istio Gateways claim (`tctl x services HOST` shows them) do not count. Traffic is not sent to the cluster meanwhile.",
  },
  NetworkUnreachable: {
    code: 'MB3751',
    name: 'NetworkUnreachable',
    status: 503,
    title: "The target cluster's network (or its gateways' network) is not reachable from the source cluster",
    fix: "Add the target network to the source network's entry of OrganizationSetting `spec.networkSettings.networkReachability` (e.g. `net-a: net-b`; reachability is one-way), or put both Clusters on the same `spec.network`. A gateway's own `topology.istio.io/network` label counts, and so do the labels of the source cluster's gateways: the message names the networks checked.",
  },
  HostnameConflict: {
    code: 'MB3752',
    name: 'HostnameConflict',
    status: 409,
    title: 'A hostname is exposed in one cluster by gateways of two workspaces',
    fix: 'A hostname may be exposed by one workspace per cluster (TSB: unique across the gateways of a cluster). Rename or remove the server of the gateway named in the event; the gateway with the smaller FQN keeps the hostname.',
  },
  Tier1OwnCluster: {
    code: 'MB3753',
    name: 'Tier1OwnCluster',
    status: 422,
    title: 'A Tier1Gateway names its own cluster as a target',
    fix: 'TSB tier-1 gateways cannot route to the cluster they run in: remove that cluster from `clusters[]` or run the tier-1 gateway in a cluster of its own.',
  },
  NoMulticlusterPort: {
    code: 'MB3754',
    name: 'NoMulticlusterPort',
    status: 503,
    title: 'A gateway has no port 15443 for cross-cluster mTLS',
    fix: 'Add port 15443 (name `tls`) to the gateway Service (TSB reserves it for cross-cluster traffic; with a NodePort Service, the nodePort of 15443 is used).',
  },
  NoEastWestGateway: {
    code: 'MB3755',
    name: 'NoEastWestGateway',
    status: 503,
    title: "No gateway matching the workspace's defaultEastWestGatewaySettings is reported in a cluster",
    fix: 'Deploy the east-west gateway (`workloadSelector.namespace`, Service named after `labels.app`) in that cluster, or correct `defaultEastWestGatewaySettings[].workloadSelector`; its services are not exposed to other clusters meanwhile.',
  },
} as const satisfies Record<string, ErrorDef>;
