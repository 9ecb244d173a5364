import type { KubeObject } from '../canonical.js';
import type { ControlPlaneSpec, InstallCr } from '../types.js';
import type { RenderContext } from './context.js';
import { meshbridgeImage } from './context.js';
import { componentLabels, podPullSecrets, renderServiceAccount, type Json } from './kube-objects.js';
import { renderWorkload, restrictedContainer } from './workload.js';
import { renderCni } from './cni.js';
import { assertDnsLabel } from '../naming.js';
import { logLevelArgs } from './log-level.js';
import { MeshError, InstallErrors } from '../../api/index.js';

const AGENT = 'meshbridge-agent';
const CREDS_DIR = '/etc/meshbridge/cluster';
const MP_CA_DIR = '/etc/meshbridge/mp-ca';
// The agent's snapshot cache: lets it keep serving the last config while the management plane is away.
const STATE_DIR = '/var/lib/meshbridge';
/** The agent listener the ManagementPlane CR renders (`meshbridge server --agent-listen :9443`). */
export const DEFAULT_AGENT_PORT = 9443;

function agentRbac(ns: string, labels: Record<string, string>): KubeObject[] {
  const rw = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: AGENT, labels },
      rules: [
        // inventory: what the agent reports back to the management plane
        { apiGroups: [''], resources: ['namespaces', 'services', 'pods', 'endpoints'], verbs: ['get', 'list', 'watch'] },
        // sink: server-side apply of translated Istio configuration, pruned by label
        { apiGroups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io'], resources: ['*'], verbs: rw },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: AGENT, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: AGENT },
      subjects: [{ kind: 'ServiceAccount', name: AGENT, namespace: ns }],
    },
    // Secrets only in its own namespace: the cluster's plug-in CA (cacerts) is delivered there.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: AGENT, namespace: ns, labels },
      rules: [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: AGENT, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: AGENT },
      subjects: [{ kind: 'ServiceAccount', name: AGENT, namespace: ns }],
    },
  ];
}

function agentContainer(image: string, mp: ControlPlaneSpec['managementPlane'], extraArgs: readonly string[]): Json {
  const host = mp.host.includes(':') && !mp.host.startsWith('[') ? `[${mp.host}]` : mp.host; // IPv6 needs brackets before :port
  const args = [
    'agent',
    '--management-plane',
    `${host}:${mp.agentPort ?? DEFAULT_AGENT_PORT}`,
    '--cluster',
    mp.clusterName,
    '--credentials',
    `${CREDS_DIR}/jwk`,
    '--sink',
    'kubernetes',
    '--inventory',
    'kubernetes',
    '--state-dir',
    STATE_DIR,
  ];
  if (mp.selfSigned) args.push('--ca-file', `${MP_CA_DIR}/ca.crt`);
  args.push(...extraArgs);
  const field = (name: string, path: string): Json => ({ name, valueFrom: { fieldRef: { fieldPath: path } } });
  return {
    name: 'agent',
    image,
    imagePullPolicy: 'IfNotPresent',
    args,
    env: [field('POD_NAME', 'metadata.name'), field('POD_NAMESPACE', 'metadata.namespace')],
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    securityContext: restrictedContainer(65532),
    volumeMounts: [
      { name: 'cluster-credentials', mountPath: CREDS_DIR, readOnly: true },
      { name: 'state', mountPath: STATE_DIR },
      ...(mp.selfSigned ? [{ name: 'mp-ca', mountPath: MP_CA_DIR, readOnly: true }] : []),
    ],
  };
}

// A host, not a URL: TSB CRs sometimes carry a scheme or port here, which would end up in --management-plane twice.
function checkHost(host: string): void {
  if (/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || /^\[?[0-9A-Fa-f:.]+\]?$/.test(host)) return;
  const field = 'spec.managementPlane.host';
  throw new MeshError(InstallErrors.InstallFieldInvalid, `${field}: "${host}" is not a host name or IP address`, {
    field,
    fix: 'Give only the host (e.g. mp.example.com) and put the port in spec.managementPlane.port; no scheme, no path.',
  });
}

/** Renders a ControlPlane CR: the cluster agent with its RBAC, and the CNI installer when istio.kubeSpec.CNI is set. */
export function renderControlPlane(cr: InstallCr<ControlPlaneSpec>, ctx: RenderContext): KubeObject[] {
  const spec = cr.spec;
  const ns = cr.metadata?.namespace ?? 'istio-system';
  assertDnsLabel(ns, 'metadata.namespace');
  const mp = spec.managementPlane;
  checkHost(mp.host);
  // TSB's port is the management plane's API port; as TSB's edge reaches XCP central on its own
  // port of the same host, the agent dials the agent listener of that host.
  const agentPort = mp.agentPort ?? DEFAULT_AGENT_PORT;
  if (mp.port !== undefined && mp.port !== agentPort) {
    ctx.warnings.push(
      `spec.managementPlane.port: ${mp.port} is the management plane's API port; the agent dials its agent listener ${mp.host}:${agentPort}${mp.agentPort === undefined ? ' (set spec.managementPlane.agentPort if `meshbridge server --agent-listen` uses another port)' : ''}`,
    );
  }
  const xcp = spec.components?.xcp?.kubeSpec;
  if (xcp?.service) ctx.warnings.push('spec.components.xcp.kubeSpec.service: ignored: the cluster agent only dials out and has no Service');
  const labels = componentLabels(AGENT, 'agent');
  const selector = { app: AGENT };
  const podSpec = {
    serviceAccountName: AGENT,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 65532 },
    containers: [
      agentContainer(meshbridgeImage(ctx, spec), mp, logLevelArgs(spec.components?.defaultLogLevel, 'agent', 'spec.components.defaultLogLevel', ctx)),
    ],
    volumes: [
      // Written by `tctl install manifest control-plane-secrets`.
      { name: 'cluster-credentials', secret: { secretName: 'cluster-service-account' } },
      { name: 'state', emptyDir: {} },
      ...(mp.selfSigned ? [{ name: 'mp-ca', secret: { secretName: 'mp-certs' } }] : []),
    ],
    imagePullSecrets: podPullSecrets(spec.imagePullSecrets),
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': 'meshbridge' } } },
    renderServiceAccount(AGENT, ns, labels, xcp?.serviceAccount, spec.imagePullSecrets),
    ...agentRbac(ns, labels),
    // One agent per cluster: Recreate, so a rollout never runs two agents for the same cluster.
    ...renderWorkload({
      kind: 'Deployment',
      name: AGENT,
      namespace: ns,
      labels,
      selector,
      podSpec,
      replicas: 1,
      kubeSpec: xcp,
      pdb: false,
      strategy: { type: 'Recreate' },
    }),
    ...renderCni(spec, ctx),
  ];
}
