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
    const ssl = pg.sslMode ?? 'require';
    const ca = pg.caSecretName ? `&sslrootcert=${PG_CA_DIR}/ca.crt` : '';
    // Credentials stay out of the URL: node-postgres reads PGUSER/PGPASSWORD, which come from the Secret.
    return { url: `postgres://${pg.host}:${pg.port ?? 5432}/${pg.name ?? 'meshbridge'}?sslmode=${ssl}${ca}`, secret: pg.credentialsSecretName ?? 'postgres-credentials', caSecret: pg.caSecretName, objects: [] };
  }
  if (!spec.dataStore?.demoPostgres) ctx.warnings.push('spec.dataStore: not set; using demo mode (an in-cluster PostgreSQL StatefulSet). Set spec.dataStore.postgres for production.');
  const demo = renderDemoPostgres(spec, ns, ctx, { app: SERVER });
  return { url: `postgres://${demo.host}:5432/meshbridge?sslmode=disable`, secret: demo.secret, objects: demo.objects };
}

function serverContainer(image: string, store: DataStoreChoice, extraArgs: readonly string[]): Json {
  const secretEnv = (name: string, key: string, secret: string, optional = false): Json => ({ name, valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } } });
  return {
    name: 'server',
    image,
    imagePullPolicy: 'IfNotPresent',
    // A subfolder the server creates 0700: the volume itself (an emptyDir is 0777) is writable by
    // others, and the server refuses such a data directory (MB1200).
    args: ['server', '--listen', ':8443', '--agent-listen', ':9443', '--data-dir', `${DATA_DIR}/data`, '--tls-cert', `${TLS_DIR}/tls.crt`, '--tls-key', `${TLS_DIR}/tls.key`, ...extraArgs],
    envFrom: [{ configMapRef: { name: `${SERVER}-config` } }],
    env: [secretEnv('PGUSER', 'username', store.secret), secretEnv('PGPASSWORD', 'password', store.secret), secretEnv('MESHBRIDGE_ADMIN_PASSWORD', 'password', 'admin-credentials', true)],
    ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }, { name: 'grpc-agent', containerPort: 9443, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 8443, scheme: 'HTTPS' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz/live', port: 8443, scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6 },
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
  warnUnused(api, 'spec.components.apiServer.kubeSpec', ['service'], 'the server is reached through the frontEnvoy Service; set spec.components.frontEnvoy.kubeSpec.service', ctx);
  warnUnused(front?.kubeSpec, 'spec.components.frontEnvoy.kubeSpec', ['deployment', 'serviceAccount'], 'meshbridge has no separate front proxy: the server serves API and UI itself; size it with spec.components.apiServer.kubeSpec', ctx);
  const store = dataStore(spec, ns, ctx);
  const labels = componentLabels(SERVER, 'server');
  const selector = { app: SERVER };
  const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${SERVER}-config`, namespace: ns, labels }, data: { MESHBRIDGE_DATABASE: store.url, MESHBRIDGE_ORGANIZATION: spec.organization ?? 'tetrate' } };
  const podSpec = {
    serviceAccountName: SERVER,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 65532 },
    affinity: spreadAffinity(selector),
    containers: [serverContainer(meshbridgeImage(ctx, spec), store, logLevelArgs(spec.components?.defaultLogLevel, 'server', 'spec.components.defaultLogLevel', ctx))],
    volumes: [
      { name: 'tls', secret: { secretName: 'tsb-certs' } },
      { name: 'data', emptyDir: {} },
      ...(store.caSecret ? [{ name: 'postgres-ca', secret: { secretName: store.caSecret } }] : []),
    ],
    imagePullSecrets: podPullSecrets(spec.imagePullSecrets),
  };
  const workload = renderWorkload({
    kind: 'Deployment', name: SERVER, namespace: ns, labels, selector, podSpec, replicas: 2, kubeSpec: api, pdb: true,
    podAnnotations: { 'checksum/config': checksum(config.data) },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
  });
  const frontPorts = [{ name: 'https', port: front?.port ?? 8443, targetPort: 8443 }, { name: 'grpc-agent', port: 9443, targetPort: 9443 }];
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
