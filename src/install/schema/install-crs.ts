import type { Schema } from './structural.js';
import { arr, bool, ignored, int, map, obj, oneOf, quantity, str, anyValue } from './structural.js';
import { kubeSpecSchema, cniSchema } from './kube-spec.js';
import { k8sType } from './k8s-types.js';

/** The apiVersion of TSB's install API. */
export const INSTALL_API_VERSION = 'install.tetrate.io/v1alpha1';
/** The data-plane gateway kinds `manifest gateway` renders. */
export const GATEWAY_KINDS = ['IngressGateway', 'EgressGateway', 'Tier1Gateway'] as const;
/** One of GATEWAY_KINDS. */
export type GatewayKind = (typeof GATEWAY_KINDS)[number];
/** Every install kind meshbridge renders. */
export type InstallKind = 'ManagementPlane' | 'ControlPlane' | GatewayKind;

const withKubeSpec = (description: string, extra: Record<string, Schema> = {}): Schema => obj({ kubeSpec: kubeSpecSchema(), ...extra }, description);
const ign = (why: string): Schema => ignored(why);
const pullSecrets = (): Schema => arr(k8sType('V1LocalObjectReference'), 'Image pull secrets added to every pod.');

function mpComponents(): Schema {
  const noCounterpart = 'served in-process by meshbridge server';
  return obj(
    {
      apiServer: withKubeSpec('The meshbridge server Deployment (API, UI, IAM and agent endpoint).', {
        teamSyncSchedule: ignored('meshbridge has no teamsync job', 'string'),
        logLevels: ign('meshbridge server logs at info; use --debug for more'),
      }),
      frontEnvoy: obj(
        {
          kubeSpec: kubeSpecSchema(),
          port: int('Port of the front Service serving API and UI (default 8443).', 1, 65535),
          authenticationTimeout: ignored('no separate front proxy', 'string'),
          logLevels: ign('no separate front proxy'),
          TLSMinimumProtocolVersion: ignored('the server negotiates TLS 1.2 or newer', 'string'),
          cipherSuites: ignored("the server uses Node.js's default TLS cipher suites", 'array'),
          ecdhCurves: ignored("the server uses Node.js's default ECDH curves", 'array'),
        },
        'The front Service that serves API and UI; its kubeSpec.service applies to Service `envoy`.',
      ),
      webUI: ign(noCounterpart),
      iamServer: ign(noCounterpart),
      mpc: ign(noCounterpart),
      ngac: ign(noCounterpart),
      oap: ign('no OAP telemetry pipeline'),
      collector: ign('no OpenTelemetry collector'),
      zipkin: ign('no Zipkin'),
      xcp: ign('meshbridge agents stream from the server directly'),
      gitops: ign('no GitOps controller in the management plane'),
      internalCertProvider: ign('the server issues its own internal certificates'),
      kubegres: ign('demo PostgreSQL is a plain StatefulSet'),
      ldap: ign('no LDAP server is deployed'),
      defaultLogLevel: str('Log level of the server (--log-level); TSB level names are mapped.'),
      defaultKubeSpec: ign('set kubeSpec per component'),
      tsbOperator: ign('no operator: manifests are rendered offline'),
      teamSync: ign('no teamsync job'),
    },
    'Management plane components.',
  );
}

// TSB's SSLMode enum names (proto, with underscores) and libpq's own spellings (with dashes).
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify_ca', 'verify_full', 'verify-ca', 'verify-full'] as const;

function dataStore(): Schema {
  const pool = 'connection pool tuning is automatic in meshbridge server';
  return obj(
    {
      postgres: obj(
        {
          address: str("host:port of the PostgreSQL server, e.g. postgres.example.com:5432 (TSB's field)."),
          host: str('PostgreSQL host (deprecated in TSB: use address).'),
          port: int('PostgreSQL port (deprecated in TSB: use address; default 5432).', 1, 65535),
          name: str('Database name (default meshbridge).'),
          sslMode: oneOf(SSL_MODES, "TLS to PostgreSQL (default require); TSB's verify_ca/verify_full and libpq's verify-ca/verify-full both work."),
          credentialsSecretName: str('Secret with keys username and password (default postgres-credentials).'),
          caSecretName: str('Secret with ca.crt to verify the server (mounted and passed as sslrootcert).'),
          connectionLifetime: ignored(pool, 'string'),
          connectionIdleLifetime: ignored(pool, 'string'),
          connectionMaxOpen: ignored(pool, 'integer'),
          connectionIdleMaxOpen: ignored(pool, 'integer'),
          clientCertSecretName: ignored('client-certificate auth to PostgreSQL is not supported; use a password', 'string'),
        },
        'An external PostgreSQL (production, several server replicas share it); address (or host) is required.',
      ),
      demoPostgres: obj(
        {
          storage: quantity('Size of the PostgreSQL volume (default 8Gi).'),
          storageClassName: str('StorageClass of the volume (default: the cluster default).'),
          kubeSpec: kubeSpecSchema(),
          address: ignored('the demo PostgreSQL is the in-cluster Service meshbridge renders', 'string'),
          host: ignored('the demo PostgreSQL is the in-cluster Service meshbridge renders', 'string'),
          port: ignored('the demo PostgreSQL listens on 5432', 'integer'),
          name: ignored('the demo database is named meshbridge', 'string'),
          sslMode: ignored('the demo PostgreSQL is reached inside the cluster without TLS', 'string'),
          credentialsSecretName: ignored('the demo credentials Secret is rendered with the StatefulSet', 'string'),
          caSecretName: ignored('the demo PostgreSQL has no TLS', 'string'),
          clientCertSecretName: ignored('the demo PostgreSQL has no TLS', 'string'),
          connectionLifetime: ignored(pool, 'string'),
          connectionIdleLifetime: ignored(pool, 'string'),
          connectionMaxOpen: ignored(pool, 'integer'),
          connectionIdleMaxOpen: ignored(pool, 'integer'),
        },
        'Demo mode: an in-cluster PostgreSQL StatefulSet (not for production).',
      ),
    },
    'Where the management plane keeps its data; default demoPostgres.',
  );
}

function managementPlaneSpec(): Schema {
  return obj(
    {
      hub: str('Registry of the meshbridge image (default docker.io/meshbridge).'),
      tag: str('Tag of the meshbridge image (default this tctl version).'),
      organization: str('Organization served by this management plane (default tetrate).'),
      imagePullSecrets: pullSecrets(),
      components: mpComponents(),
      dataStore: dataStore(),
      telemetryStore: ign('no Elasticsearch telemetry store'),
      identityProvider: ign('users are managed by meshbridge server'),
      tokenIssuer: ign('token lifetimes are server flags'),
      certIssuer: ign('cluster intermediates come from `tctl x ca`'),
      meshObservability: ign('no mesh observability pipeline'),
      providerSettings: ign('no cloud provider integration'),
      mode: ignored('single mode', 'string'),
      enableWasmDownloadProxy: ignored('no WASM download proxy', 'boolean'),
    },
    'ManagementPlane spec.',
  );
}

function cpComponents(): Schema {
  // A revision's `istio` carries a whole Istio spec in TSB; only tsbVersion matters here (CNI revision choice).
  const revisionIstio: Schema = { ...obj({ tsbVersion: str() }), 'x-kubernetes-preserve-unknown-fields': true };
  const revision = obj({ name: str(), istio: revisionIstio, disable: bool() }, undefined, ['name']);
  return obj(
    {
      xcp: obj(
        {
          kubeSpec: kubeSpecSchema(),
          isolationBoundaries: arr(obj({ name: str(), revisions: arr(revision) }, undefined, ['name']), 'Istio revisions (CNI revision must be one of them).'),
          centralAuthMode: ignored('agents authenticate with cluster credentials', 'string'),
          centralProvidedCaCert: ignored('see managementPlane.selfSigned', 'boolean'),
          configProtection: ign('no XCP config protection'),
          logLevels: ign('agent logs at info'),
          sharedGatewayEnabled: ignored('no XCP tunables', 'boolean'),
          enableHttpMeshInternalIdentityPropagation: ignored('no XCP tunables', 'boolean'),
        },
        "The cluster agent Deployment (TSB's XCP edge).",
      ),
      istio: obj(
        {
          kubeSpec: obj(
            {
              CNI: cniSchema(),
              overlays: kubeSpecSchema().properties?.overlays as Schema,
              deployment: ign('meshbridge does not install istiod'),
              service: ign('meshbridge does not install istiod'),
              serviceAccount: ign('meshbridge does not install istiod'),
              istiodDeployment: ign('meshbridge does not install istiod'),
              operatorDeployment: ign('no Istio operator'),
            },
            'Istio settings; meshbridge renders only the CNI installer from them.',
          ),
          trustDomain: ignored('set by istiod', 'string'),
          traceSamplingRate: ignored('set by istiod', 'number'),
          ambient: ign('no ambient mode'),
          defaultWorkloadCertTtl: ignored('set by istiod', 'string'),
          maxWorkloadCertTtl: ignored('set by istiod', 'string'),
          tsbVersion: ignored('no TSB version pinning', 'string'),
          logLevels: ign('set by istiod'),
          enableOnboarding: ignored('no VM onboarding', 'boolean'),
          defaultWorkloadCertTTL: ignored('set by istiod', 'string'),
          maxWorkloadCertTTL: ignored('set by istiod', 'string'),
          mountInternalWasmExtensions: ignored('no TSB WASM extensions', 'boolean'),
          baseOverlays: ignored('meshbridge does not install Istio base', 'array'),
          pilotOverlays: ignored('meshbridge does not install istiod', 'array'),
          cniOverlays: { ...(kubeSpecSchema().properties?.overlays as Schema), description: 'Overlays applied to the CNI installer objects.' },
        },
        'Istio component.',
      ),
      oap: ign('no OAP'),
      collector: ign('no OpenTelemetry collector'),
      gitops: ign("GitOps is the agent's directory sink"),
      ngac: ign('RBAC is in the server'),
      onboarding: ign('no VM onboarding'),
      rateLimitServer: ign('no rate-limit server'),
      satellite: ign('no SkyWalking satellite'),
      spmAgent: ign('no SPM agent'),
      wasmfetcher: ign('no wasm fetcher'),
      hpaAdapter: ign('no custom-metrics adapter'),
      awsController: ign('no AWS controller'),
      route53Controller: ign('no Route53 controller'),
      internalCertProvider: ign('the agent uses its cluster credentials'),
      defaultLogLevel: str('Log level of the agent (--log-level); TSB level names are mapped.'),
      defaultKubeSpec: ign('set kubeSpec per component'),
      tsbOperator: ign('no operator: manifests are rendered offline'),
      clusterOperator: ign('no operator'),
    },
    'Control plane components.',
  );
}

function controlPlaneSpec(): Schema {
  return obj(
    {
      hub: str('Registry of the meshbridge image (default docker.io/meshbridge).'),
      tag: str('Tag of the meshbridge image (default this tctl version).'),
      imagePullSecrets: pullSecrets(),
      managementPlane: obj(
        {
          host: str('Host name or address of the management plane.'),
          port: int(
            'Port of the management plane API as TSB gives it (the front Service, usually 8443). The agent does not dial it: it dials agentPort on the same host.',
            1,
            65535,
          ),
          agentPort: int(
            'meshbridge: port of the management plane agent listener on host (meshbridge server --agent-listen; default 9443, the port the ManagementPlane CR renders). TSB has no such field: its edge reaches XCP central on its own port of the same host.',
            1,
            65535,
          ),
          clusterName: str('Name of the onboarded Cluster (tctl install cluster-service-account --cluster NAME).'),
          selfSigned: bool('The management plane certificate is self-signed: trust ca.crt of Secret mp-certs.'),
          clusterToken: ignored('credentials come from Secret cluster-service-account', 'string'),
          tenant: ignored('clusters are organization-scoped', 'string'),
        },
        'Where the cluster agent connects.',
        ['host', 'clusterName'],
      ),
      components: cpComponents(),
      telemetryStore: ign('no Elasticsearch telemetry store'),
      meshExpansion: ign('no mesh expansion gateway'),
      meshObservability: ign('no mesh observability pipeline'),
      providerSettings: ign('no cloud provider integration'),
      mode: ignored('the agent always applies configuration', 'string'),
      tier1Cluster: ignored('deprecated in TSB; set on the Cluster resource', 'boolean'),
    },
    'ControlPlane spec.',
    ['managementPlane'],
  );
}

function gatewaySpec(kind: GatewayKind): Schema {
  return obj(
    {
      kubeSpec: kubeSpecSchema(),
      revision: str('Istio revision the gateway proxies belong to (istiod-<revision>).'),
      connectionDrainDuration: str('How long Envoy drains connections on shutdown, e.g. 30s.', { pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' }),
      hub: str('Registry of the Istio proxyv2 image (default docker.io/istio).'),
      tag: str('Tag of the Istio proxyv2 image (default 1.24.2).'),
      ...(kind === 'IngressGateway' ? { eastWestOnly: bool('Expose only the east-west mTLS port 15443.') } : {}),
      istioProxyConfig: ign('proxy config comes from istiod mesh config'),
      type: ignored('the kind chooses the type', 'string'),
    },
    `${kind} spec.`,
  );
}

function envelope(kind: InstallKind, spec: Schema): Schema {
  return obj(
    {
      apiVersion: oneOf([INSTALL_API_VERSION]),
      kind: oneOf([kind]),
      metadata: obj({ name: str(), namespace: str(), labels: map(str()), annotations: map(str()) }, undefined),
      spec,
      status: anyValue('Status written by an operator; ignored on input.'),
    },
    undefined,
    ['apiVersion', 'kind', 'spec'],
  );
}

/** The full input schema (envelope + spec) of an install kind. */
export function crSchema(kind: InstallKind): Schema {
  const spec = kind === 'ManagementPlane' ? managementPlaneSpec() : kind === 'ControlPlane' ? controlPlaneSpec() : gatewaySpec(kind);
  const env = envelope(kind, spec);
  // metadata is the Kubernetes ObjectMeta: other keys (uid, resourceVersion…) pass through.
  (env.properties as Record<string, Schema>).metadata['x-kubernetes-preserve-unknown-fields'] = true;
  return env;
}

/** The openAPIV3Schema's spec part for an install kind (what the CRD prints). */
export function specSchema(kind: InstallKind): Schema {
  return (crSchema(kind).properties as Record<string, Schema>).spec;
}
