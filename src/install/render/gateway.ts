import type { KubeObject } from '../canonical.js';
import type { GatewayKind } from '../schema/install-crs.js';
import type { GatewaySpec, InstallCr } from '../types.js';
import { assertDnsLabel } from '../naming.js';
import { componentLabels, podPullSecrets, renderService, renderServiceAccount, type Json, type PortDef } from './kube-objects.js';
import { renderWorkload, restrictedContainer } from './workload.js';

/** The Istio proxy image gateways run by default (Istio's ingress gateway image). */
export const ISTIO_PROXY = { hub: 'docker.io/istio', tag: '1.24.2' };

const PROFILE: Record<GatewayKind, { istio: string; type: string; routerMode: string }> = {
  IngressGateway: { istio: 'ingressgateway', type: 'LoadBalancer', routerMode: 'standard' },
  Tier1Gateway: { istio: 'tier1gateway', type: 'LoadBalancer', routerMode: 'sni-dnat' },
  EgressGateway: { istio: 'egressgateway', type: 'ClusterIP', routerMode: 'standard' },
};

/** The Service ports Istio's gateways expose: status 15021, http2 80→8080, https 443→8443, tls 15443 for tier1/east-west. */
export function gatewayPorts(kind: GatewayKind, eastWestOnly: boolean): PortDef[] {
  const status = { name: 'status-port', port: 15021, targetPort: 15021 };
  const tls = { name: 'tls', port: 15443, targetPort: 15443 };
  if (eastWestOnly) return [status, tls];
  const web = [status, { name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }];
  return kind === 'Tier1Gateway' ? [...web, tls] : web;
}

function durationSeconds(d: string): number {
  let total = 0;
  for (const [, n, u] of d.matchAll(/([0-9.]+)(ms|s|m|h)/g)) total += Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[u as 'ms' | 's' | 'm' | 'h'];
  return Math.max(1, Math.ceil(total));
}

function proxyContainer(name: string, ns: string, kind: GatewayKind, spec: GatewaySpec, ports: readonly PortDef[], drain: number): Json {
  const field = (n: string, path: string): Json => ({ name: n, valueFrom: { fieldRef: { fieldPath: path } } });
  const istiod = spec.revision ? `istiod-${spec.revision}` : 'istiod';
  return {
    name: 'istio-proxy',
    image: `${(spec.hub ?? ISTIO_PROXY.hub).replace(/\/+$/, '')}/proxyv2:${spec.tag ?? ISTIO_PROXY.tag}`,
    imagePullPolicy: 'IfNotPresent',
    args: [
      'proxy',
      'router',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env: [
      { name: 'JWT_POLICY', value: 'third-party-jwt' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: `${istiod}.istio-system.svc:15012` },
      field('NODE_NAME', 'spec.nodeName'),
      field('POD_NAME', 'metadata.name'),
      field('POD_NAMESPACE', 'metadata.namespace'),
      field('INSTANCE_IP', 'status.podIP'),
      field('HOST_IP', 'status.hostIP'),
      field('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      field('ISTIO_META_NODE_NAME', 'spec.nodeName'),
      { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: name },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${name}` },
      { name: 'ISTIO_META_ROUTER_MODE', value: PROFILE[kind].routerMode },
      { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'TERMINATION_DRAIN_DURATION_SECONDS', value: String(drain) },
    ],
    ports: [
      ...ports.map((p) => ({ name: p.name, containerPort: Number(p.targetPort), protocol: 'TCP' })),
      { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
    ],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      timeoutSeconds: 1,
      failureThreshold: 30,
      successThreshold: 1,
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    securityContext: restrictedContainer(1337),
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'config-volume', mountPath: '/etc/istio/config' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'podinfo', mountPath: '/etc/istio/pod' },
    ],
  };
}

function proxyVolumes(revision: string | undefined): Json[] {
  const empty = (name: string): Json => ({ name, emptyDir: {} });
  return [
    empty('workload-socket'),
    empty('credential-socket'),
    empty('workload-certs'),
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    empty('istio-data'),
    {
      name: 'podinfo',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        ],
      },
    },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    { name: 'config-volume', configMap: { name: revision ? `istio-${revision}` : 'istio', optional: true } },
  ];
}

/** Renders an IngressGateway, EgressGateway or Tier1Gateway CR: an Envoy gateway with its Service, identity, RBAC, HPA and PDB. */
export function renderGateway(cr: InstallCr<GatewaySpec>, kind: GatewayKind): KubeObject[] {
  const spec = cr.spec ?? {};
  const name = cr.metadata?.name ?? PROFILE[kind].istio;
  assertDnsLabel(name, 'metadata.name');
  const ns = cr.metadata?.namespace ?? 'default';
  assertDnsLabel(ns, 'metadata.namespace');
  const ks = spec.kubeSpec;
  const drain = spec.connectionDrainDuration ? durationSeconds(spec.connectionDrainDuration) : 5;
  const extra = { istio: PROFILE[kind].istio, 'service.istio.io/canonical-name': name, ...(spec.revision ? { 'istio.io/rev': spec.revision } : {}) };
  const labels = componentLabels(name, 'gateway', extra);
  const selector = { app: name, istio: PROFILE[kind].istio };
  const ports = gatewayPorts(kind, spec.eastWestOnly === true);
  const podSpec = {
    serviceAccountName: name,
    securityContext: {
      runAsNonRoot: true,
      fsGroup: 1337,
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
    },
    terminationGracePeriodSeconds: Math.max(30, drain + 5),
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    },
    containers: [proxyContainer(name, ns, kind, spec, ports, drain)],
    volumes: proxyVolumes(spec.revision),
    imagePullSecrets: podPullSecrets(ks?.serviceAccount?.imagePullSecrets),
  };
  const rbac = 'rbac.authorization.k8s.io/v1';
  return [
    renderServiceAccount(name, ns, labels, ks?.serviceAccount),
    // SDS: the gateway reads TLS credentials (credentialName) from Secrets in its own namespace.
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name, namespace: ns, labels },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    },
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
    renderService(name, ns, labels, selector, PROFILE[kind].type, ports, ks?.service),
    ...renderWorkload({
      kind: 'Deployment',
      name,
      namespace: ns,
      labels,
      selector,
      podSpec,
      kubeSpec: ks,
      pdb: true,
      defaultHpa: { minReplicas: 1, maxReplicas: 5 },
      podAnnotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '15020',
        'prometheus.io/path': '/stats/prometheus',
        'sidecar.istio.io/inject': 'false',
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
    }),
  ];
}
