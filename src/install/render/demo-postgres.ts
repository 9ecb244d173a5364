import type { KubeObject } from '../canonical.js';
import type { ManagementPlaneSpec } from '../types.js';
import type { RenderContext } from './context.js';
import { componentLabels, renderService, renderServiceAccount } from './kube-objects.js';
import { renderWorkload } from './workload.js';

const NAME = 'postgres';

/** Demo mode's in-cluster PostgreSQL: StatefulSet, headless Service, credentials and a NetworkPolicy. */
export function renderDemoPostgres(
  spec: ManagementPlaneSpec,
  ns: string,
  ctx: RenderContext,
  client: Record<string, string>,
): { host: string; secret: string; objects: KubeObject[] } {
  const demo = spec.dataStore?.demoPostgres ?? {};
  const ks = demo.kubeSpec;
  const labels = componentLabels(NAME, 'datastore');
  const selector = { app: NAME };
  const secret = 'postgres-credentials';
  // Rendering is deterministic, so it cannot invent a random password; demo mode says so loudly.
  ctx.warnings.push(`spec.dataStore.demoPostgres: demo mode renders Secret ${ns}/${secret} with a fixed password; do not use it in production.`);
  const fromSecret = (name: string, key: string): Record<string, unknown> => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const podSpec = {
    serviceAccountName: NAME,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'postgres',
        image: 'docker.io/library/postgres:16',
        imagePullPolicy: 'IfNotPresent',
        env: [
          fromSecret('POSTGRES_USER', 'username'),
          fromSecret('POSTGRES_PASSWORD', 'password'),
          { name: 'POSTGRES_DB', value: 'meshbridge' },
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
        ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
        readinessProbe: { exec: { command: ['pg_isready', '-U', 'meshbridge', '-d', 'meshbridge'] }, periodSeconds: 5, timeoutSeconds: 3 },
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [
          { name: 'data', mountPath: '/var/lib/postgresql/data' },
          { name: 'run', mountPath: '/var/run/postgresql' },
        ],
      },
    ],
    volumes: [{ name: 'run', emptyDir: {} }],
  };
  const claim = {
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: String(demo.storage ?? '8Gi') } },
      ...(demo.storageClassName ? { storageClassName: demo.storageClassName } : {}),
    },
  };
  const service = renderService(NAME, ns, labels, selector, 'ClusterIP', [{ name: 'postgres', port: 5432, targetPort: 5432 }], ks?.service);
  const svcSpec = service.spec as Record<string, unknown>;
  // Headless, as a StatefulSet's governing Service should be: the name resolves to the pod itself.
  if (svcSpec.type === 'ClusterIP') svcSpec.clusterIP = 'None';
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret, namespace: ns, labels },
      type: 'Opaque',
      stringData: { username: 'meshbridge', password: 'meshbridge-demo' },
    },
    renderServiceAccount(NAME, ns, labels, ks?.serviceAccount, spec.imagePullSecrets, false),
    service,
    ...renderWorkload({
      kind: 'StatefulSet',
      name: NAME,
      namespace: ns,
      labels,
      selector,
      podSpec,
      replicas: 1,
      kubeSpec: ks,
      pdb: false,
      extraSpec: { serviceName: NAME, volumeClaimTemplates: [claim] },
    }),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: NAME, namespace: ns, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: client } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      },
    },
  ];
  return { host: `${NAME}.${ns}.svc`, secret, objects };
}
