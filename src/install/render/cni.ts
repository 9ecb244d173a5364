import { MeshError, InstallErrors, compareStrings, dnsName } from '../../api/index.js';
import type { KubeObject } from '../canonical.js';
import type { ControlPlaneSpec } from '../types.js';
import { assertDnsLabel } from '../naming.js';
import type { RenderContext } from './context.js';
import { meshbridgeImage } from './context.js';
import { componentLabels, podPullSecrets, renderServiceAccount, type Json } from './kube-objects.js';
import { renderWorkload } from './workload.js';

/** The installer's readiness endpoint (Istio's install-cni uses :8000/readyz too). */
export const CNI_READINESS_PORT = 8000;
// The plugin runs on the host and logs here; the installer prepares the directory through this mount.
const LOG_DIR = '/var/run/meshbridge-cni';

function compareVersions(a: string, b: string): number {
  const pa = a
    .replace(/^v/, '')
    .split(/[.-]/)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b
    .replace(/^v/, '')
    .split(/[.-]/)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareStrings(String(x), String(y));
  }
  return 0;
}

/** The CNI revision: the one given (checked against the enabled revisions) or, as TSB does, the newest tsbVersion, ties alphabetical. */
export function cniRevision(spec: ControlPlaneSpec): string | undefined {
  const given = spec.components?.istio?.kubeSpec?.CNI?.revision;
  const revs = (spec.components?.xcp?.isolationBoundaries ?? []).flatMap((b) => b.revisions ?? []).filter((r) => !r.disable);
  if (given !== undefined) {
    if (revs.length && !revs.some((r) => r.name === given)) {
      const field = 'spec.components.istio.kubeSpec.CNI.revision';
      throw new MeshError(
        InstallErrors.InstallFieldInvalid,
        `${field}: "${given}" is not an enabled revision of spec.components.xcp.isolationBoundaries (enabled: ${revs.map((r) => r.name).join(', ')})`,
        { field },
      );
    }
    return given;
  }
  if (!revs.length) return undefined;
  return [...revs].sort((a, b) => compareVersions(b.istio?.tsbVersion ?? '0', a.istio?.tsbVersion ?? '0') || compareStrings(a.name, b.name))[0].name;
}

/** The CNI installer DaemonSet and its RBAC, when spec.components.istio.kubeSpec.CNI is set. */
export function renderCni(spec: ControlPlaneSpec, ctx: RenderContext): KubeObject[] {
  const cni = spec.components?.istio?.kubeSpec?.CNI;
  if (!cni) return [];
  if (cni.chained === false) {
    const field = 'spec.components.istio.kubeSpec.CNI.chained';
    throw new MeshError(InstallErrors.InstallFieldInvalid, `${field}: false is not supported: meshbridge's CNI installer always chains after the primary CNI`, {
      field,
      fix: 'Remove `chained: false` (or set it to true); the plugin then runs after Calico, Cilium, Flannel or the cloud CNI.',
    });
  }
  const revision = cniRevision(spec);
  const ns = cni.cniDaemonsetNamespace ?? 'kube-system';
  assertDnsLabel(ns, 'spec.components.istio.kubeSpec.CNI.cniDaemonsetNamespace');
  const name = dnsName(['istio-cni-node', revision ?? '']);
  const confDir = cni.configurationDirectory ?? '/etc/cni/net.d';
  const binDir = cni.binaryDirectory ?? '/opt/cni/bin';
  const labels = componentLabels(name, 'cni', revision ? { 'istio.io/rev': revision } : {});
  const selector = { 'k8s-app': name };
  const roleName = cni.clusterRole ?? name;
  const container: Json = {
    name: 'install-cni',
    image: meshbridgeImage(ctx, spec),
    imagePullPolicy: 'IfNotPresent',
    args: [
      'cni',
      'install',
      '--cni-conf-dir',
      confDir,
      '--cni-bin-dir',
      binDir,
      '--cleanup',
      '--health-address',
      `0.0.0.0:${CNI_READINESS_PORT}`,
      '--log-file',
      `${LOG_DIR}/meshbridge-cni.log`,
    ],
    env: [
      ['NODE_NAME', 'spec.nodeName'],
      ['POD_NAME', 'metadata.name'],
      ['POD_NAMESPACE', 'metadata.namespace'],
    ].map(([n, p]) => ({ name: n, valueFrom: { fieldRef: { fieldPath: p } } })),
    ports: [{ name: 'readiness', containerPort: CNI_READINESS_PORT, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/readyz', port: CNI_READINESS_PORT }, periodSeconds: 5, timeoutSeconds: 2 },
    resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    // Root (no capabilities) because the host's CNI directories are root-owned; nothing else is granted.
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 0,
    },
    volumeMounts: [
      { name: 'cni-net-dir', mountPath: confDir },
      { name: 'cni-bin-dir', mountPath: binDir },
      { name: 'cni-log-dir', mountPath: LOG_DIR },
    ],
  };
  const podSpec = {
    serviceAccountName: name,
    priorityClassName: 'system-node-critical',
    terminationGracePeriodSeconds: 5,
    // Every node needs the plugin, tainted or not, or pods there start without traffic capture.
    tolerations: [
      { operator: 'Exists', effect: 'NoSchedule' },
      { operator: 'Exists', effect: 'NoExecute' },
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [container],
    volumes: [
      { name: 'cni-net-dir', hostPath: { path: confDir, type: 'DirectoryOrCreate' } },
      { name: 'cni-bin-dir', hostPath: { path: binDir, type: 'DirectoryOrCreate' } },
      { name: 'cni-log-dir', hostPath: { path: LOG_DIR, type: 'DirectoryOrCreate' } },
    ],
    imagePullSecrets: podPullSecrets(spec.imagePullSecrets),
  };
  return [
    renderServiceAccount(name, ns, labels, undefined, spec.imagePullSecrets),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: roleName, labels },
      // The plugin reads the pod (sidecar status, annotations) and its namespace to decide on capture.
      rules: [{ apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
    ...renderWorkload({
      kind: 'DaemonSet',
      name,
      namespace: ns,
      labels,
      selector,
      podSpec,
      pdb: false,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    }),
  ];
}
