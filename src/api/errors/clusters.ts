import type { ErrorDef } from './error-def.js';

// MB3000–MB3999: clusters, agent stream, translation
export const ClusterErrors = {
  AgentUnauthenticated: {
    code: 'MB3000',
    name: 'AgentUnauthenticated',
    status: 401,
    title: 'Cluster agent credentials rejected',
    fix: 'Give the agent the current key of this cluster: `tctl install cluster-service-account --cluster NAME > sa.jwk` and pass it with --credentials sa.jwk (keys that were revoked or rotated away stop working at once).',
  },
  CredentialsRevoked: {
    code: 'MB3001',
    name: 'CredentialsRevoked',
    status: 401,
    title: 'Cluster credentials revoked',
    fix: 'Issue new credentials with `tctl install cluster-service-account --cluster NAME`, update the agent secret (`tctl install manifest control-plane-secrets …`) and restart the agent.',
  },
  CredentialsFileInvalid: {
    code: 'MB3002',
    name: 'CredentialsFileInvalid',
    status: 400,
    title: 'Cluster credentials file unreadable',
    fix: 'Pass --credentials the JWK printed by `tctl install cluster-service-account --cluster NAME` (or the `jwk` key of the cluster-service-account secret).',
  },
  AgentConfigInvalid: {
    code: 'MB3003',
    name: 'AgentConfigInvalid',
    status: 400,
    title: 'Invalid agent option',
    fix: 'Correct the option named in the message; see `meshbridge agent --help` (e.g. --sink directory:PATH|kubernetes, --inventory file:PATH|kubernetes).',
  },
  InventoryInvalid: {
    code: 'MB3004',
    name: 'InventoryInvalid',
    status: 400,
    title: 'Invalid cluster inventory file',
    fix: 'Write the inventory as YAML or JSON: `namespaces: [a, b]` and `services: [{namespace, name, ports: [{port, name}]}]`.',
  },
  ManagementPlaneUnreachable: {
    code: 'MB3005',
    name: 'ManagementPlaneUnreachable',
    status: 503,
    title: 'Management plane unreachable',
    fix: 'Check --management-plane host:port (the server listens for agents on --agent-listen, default :9443), the network path, and --ca-file for the server certificate; the agent keeps serving its cached snapshot and retries.',
  },
  SinkFailed: {
    code: 'MB3006',
    name: 'SinkFailed',
    status: 500,
    title: 'Applying an object in the cluster failed',
    fix: 'Read the reason in the resource status (`tctl status …`): fix the configuration that produced the object, or the sink (directory permissions, Kubernetes RBAC for the agent).',
  },
  AgentListenFailed: {
    code: 'MB3007',
    name: 'AgentListenFailed',
    status: 503,
    title: 'Cannot listen for cluster agents',
    fix: 'Free the port given by --agent-listen (default :9443) or choose another one, e.g. --agent-listen 127.0.0.1:19443.',
  },
  ClusterMismatch: {
    code: 'MB3008',
    name: 'ClusterMismatch',
    status: 400,
    title: 'Credentials belong to another cluster',
    fix: 'Pass --cluster the name the credentials were issued for, or issue credentials for this cluster with `tctl install cluster-service-account --cluster NAME`.',
  },
  KubernetesUnavailable: {
    code: 'MB3009',
    name: 'KubernetesUnavailable',
    status: 503,
    title: 'Kubernetes API unreachable from the agent',
    fix: 'Run the agent in the cluster (in-cluster service account) or point KUBECONFIG at it; grant it get/list/patch/delete on the Istio kinds and list on namespaces and services.',
  },
  CredentialNotFound: {
    code: 'MB3010',
    name: 'CredentialNotFound',
    status: 404,
    title: 'No such cluster credential',
    fix: "List the cluster's key ids with GET /v2/organizations/ORG/clusters/NAME/credentials and revoke one of those.",
  },
} as const satisfies Record<string, ErrorDef>;
