import { InstallErrors, MeshError } from '../../api/index.js';
import type { KubeObject } from '../canonical.js';
import type { InstallCr, KubeSpec, ManagementPlaneSpec } from '../types.js';
import type { RenderContext } from './context.js';
import { meshbridgeImage } from './context.js';
import { componentLabels, podPullSecrets, renderService, renderServiceAccount, type Json } from './kube-objects.js';
import { checksum, renderWorkload, restrictedContainer, spreadAffinity } from './workload.js';
import { renderDemoPostgres } from './demo-postgres.js';
import { assertDnsLabel } from '../naming.js';
import { logLevelArgs } from './log-level.js';

const SERVER = 'meshbridge-server';
const DATA_DIR = '/var/lib/meshbridge';
const TLS_DIR = '/etc/meshbridge/tls';
const PG_CA_DIR = '/etc/meshbridge/postgres-ca';

interface DataStoreChoice {
  url: string;
  secret: string;
  caSecret?: string;
  objects: KubeObject[];
}

function dataStore(spec: ManagementPlaneSpec, ns: string, ctx: RenderContext): DataStoreChoice {
  const pg = spec.dataStore?.postgres;
  if (pg) {
    // TSB spells the modes verify_ca/verify_full (proto enum names); libpq and node-postgres verify-ca/verify-full.
    const ssl = (pg.sslMode ?? 'require').replace('_', '-');
    const ca = pg.caSecretName ? `&sslrootcert=${PG_CA_DIR}/ca.crt` : '';
    // Credentials stay out of the URL: node-postgres reads PGUSER/PGPASSWORD, which come from the Secret.
    return {
      url: `postgres://${postgresAddress(pg)}/${pg.name ?? 'meshbridge'}?sslmode=${ssl}${ca}`,
      secret: pg.credentialsSecretName ?? 'postgres-credentials',
      caSecret: pg.caSecretName,
      objects: [],
    };
  }
  if (!spec.dataStore?.demoPostgres)
    ctx.warnings.push('spec.dataStore: not set; using demo mode (an in-cluster PostgreSQL StatefulSet). Set spec.dataStore.postgres for production.');
  const demo = renderDemoPostgres(spec, ns, ctx, { app: SERVER });
  return { url: `postgres://${demo.host}:5432/meshbridge?sslmode=disable`, secret: demo.secret, objects: demo.objects };
}

/** `host:port` of an external PostgreSQL: TSB's `address`, or its deprecated `host` and `port`. */
export function postgresAddress(given: { address?: string | null; host?: string | null; port?: number | null }): string {
  const field = 'spec.dataStore.postgres.address';
  // YAML `key:` with no value is null: unset, as the schema check treats it.
  const pg = { address: given.address ?? undefined, host: given.host ?? undefined, port: given.port ?? undefined };
  if (pg.address !== undefined && (pg.host !== undefined || pg.port !== undefined)) {
    throw new MeshError(InstallErrors.InstallFieldInvalid, `${field}: set together with the deprecated host/port; give one of them`, {
      field,
      fix: 'Keep spec.dataStore.postgres.address (host:port) and remove host and port.',
    });
  }
  if (pg.address === undefined) {
    if (pg.host === undefined)
      throw new MeshError(InstallErrors.InstallFieldRequired, `${field}: is required (host:port of the PostgreSQL server)`, {
        field,
        fix: 'Set spec.dataStore.postgres.address, e.g. postgres.example.com:5432.',
      });
    return `${pg.host.includes(':') ? `[${pg.host}]` : pg.host}:${pg.port ?? 5432}`;
  }
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s/[\]]+)(?::(\d{1,5}))?$/.exec(pg.address);
  const port = m?.[2] === undefined ? 5432 : Number(m[2]);
  if (!m || port < 1 || port > 65535) {
    throw new MeshError(InstallErrors.InstallFieldInvalid, `${field}: "${pg.address}" is not host:port`, {
      field,
      fix: 'Write the address as host:port, e.g. postgres.example.com:5432 or [2001:db8::1]:5432, without a scheme.',
    });
  }
  return `${m[1]}:${port}`;
}

function serverContainer(image: string, store: DataStoreChoice, extraArgs: readonly string[]): Json {
  const secretEnv = (name: string, key: string, secret: string, optional = false): Json => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
  });
  return {
    name: 'server',
    image,
    imagePullPolicy: 'IfNotPresent',
    // A subfolder the server creates 0700: the volume itself (an emptyDir is 0777) is writable by
    // others, and the server refuses such a data directory (MB1200).
    args: [
      'server',
      '--listen',
      ':8443',
      '--agent-listen',
      ':9443',
      '--data-dir',
      `${DATA_DIR}/data`,
      '--tls-cert',
      `${TLS_DIR}/tls.crt`,
      '--tls-key',
      `${TLS_DIR}/tls.key`,
      ...extraArgs,
    ],
    envFrom: [{ configMapRef: { name: `${SERVER}-config` } }],
    env: [
      secretEnv('PGUSER', 'username', store.secret),
      secretEnv('PGPASSWORD', 'password', store.secret),
      secretEnv('MESHBRIDGE_ADMIN_PASSWORD', 'password', 'admin-credentials', true),
    ],
    ports: [
      { name: 'https', containerPort: 8443, protocol: 'TCP' },
      { name: 'grpc-agent', containerPort: 9443, protocol: 'TCP' },
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 8443, scheme: 'HTTPS' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: {
      httpGet: { path: '/healthz/live', port: 8443, scheme: 'HTTPS' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 6,
    },
    resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    securityContext: restrictedContainer(65532),
    volumeMounts: [
      { name: 'tls', mountPath: TLS_DIR, readOnly: true },
      { name: 'data', mountPath: DATA_DIR },
      ...(store.caSecret ? [{ name: 'postgres-ca', mountPath: PG_CA_DIR, readOnly: true }] : []),
    ],
  };
}

function warnUnused(ks: KubeSpec | undefined, field: string, parts: readonly (keyof KubeSpec)[], why: string, ctx: RenderContext): void {
  for (const p of parts) if (ks?.[p] !== undefined) ctx.warnings.push(`${field}.${p}: ignored: ${why}`);
}

/** Renders a ManagementPlane CR: the server Deployment, front Service, config, data store and their policy objects. */
export function renderManagementPlane(cr: InstallCr<ManagementPlaneSpec>, ctx: RenderContext): KubeObject[] {
  const spec = cr.spec;
  const ns = cr.metadata?.namespace ?? 'tsb';
  assertDnsLabel(ns, 'metadata.namespace');
  const api = spec.components?.apiServer?.kubeSpec;
  const front = spec.components?.frontEnvoy;
  warnUnused(
    api,
    'spec.components.apiServer.kubeSpec',
    ['service'],
    'the server is reached through the frontEnvoy Service; set spec.components.frontEnvoy.kubeSpec.service',
    ctx,
  );
  warnUnused(
    front?.kubeSpec,
    'spec.components.frontEnvoy.kubeSpec',
    ['deployment', 'serviceAccount'],
    'meshbridge has no separate front proxy: the server serves API and UI itself; size it with spec.components.apiServer.kubeSpec',
    ctx,
  );
  const store = dataStore(spec, ns, ctx);
  const labels = componentLabels(SERVER, 'server');
  const selector = { app: SERVER };
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${SERVER}-config`, namespace: ns, labels },
    data: { MESHBRIDGE_DATABASE: store.url, MESHBRIDGE_ORGANIZATION: spec.organization ?? 'tetrate' },
  };
  const podSpec = {
    serviceAccountName: SERVER,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 65532 },
    affinity: spreadAffinity(selector),
    containers: [
      serverContainer(meshbridgeImage(ctx, spec), store, logLevelArgs(spec.components?.defaultLogLevel, 'server', 'spec.components.defaultLogLevel', ctx)),
    ],
    volumes: [
      { name: 'tls', secret: { secretName: 'tsb-certs' } },
      { name: 'data', emptyDir: {} },
      ...(store.caSecret ? [{ name: 'postgres-ca', secret: { secretName: store.caSecret } }] : []),
    ],
    imagePullSecrets: podPullSecrets(spec.imagePullSecrets),
  };
  const workload = renderWorkload({
    kind: 'Deployment',
    name: SERVER,
    namespace: ns,
    labels,
    selector,
    podSpec,
    replicas: 2,
    kubeSpec: api,
    pdb: true,
    podAnnotations: { 'checksum/config': checksum(config.data) },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
  });
  const frontPorts = [
    { name: 'https', port: front?.port ?? 8443, targetPort: 8443 },
    { name: 'grpc-agent', port: 9443, targetPort: 9443 },
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': 'meshbridge' } } },
    config,
    renderServiceAccount(SERVER, ns, labels, api?.serviceAccount, spec.imagePullSecrets, false),
    // TSB's front Service is named `envoy`; keeping the name keeps users' DNS and scripts working.
    renderService('envoy', ns, componentLabels('envoy', 'front'), selector, 'LoadBalancer', frontPorts, front?.kubeSpec?.service),
    ...workload,
    ...store.objects,
  ];
}
