/**
 * What translation does with every field of every accepted TSB kind (issue #18: nothing accepted
 * then ignored). Fields not declared here are translated, and a golden in src/translate exercises
 * each of them (src/translate/field-coverage.test.ts walks the schemas and fails otherwise).
 *
 * Pure and dependency-free so tctl (validate/apply warnings), the server (status PARTIAL) and
 * translation (fail-closed decisions) read one table.
 */

/**
 * - `management`: used by the management plane itself (naming, RBAC, bookkeeping); produces no
 *   Istio object by design, so no warning.
 * - `unsupported`: accepted but not applied: status PARTIAL naming the field, tctl warns.
 * - `fail-closed`: a security field that cannot be enforced: as `unsupported`, and translation
 *   denies the affected workloads instead of leaving them open.
 */
export type FieldSupport = 'management' | 'unsupported' | 'fail-closed';

/** One declaration: `path` is relative to `spec`, `[]` marks list items, and covers its subtree. */
export interface FieldDecl {
  readonly path: string;
  readonly support: FieldSupport;
  readonly reason: string;
}

const M = (path: string, reason: string): FieldDecl => ({ path, support: 'management', reason });
const U = (path: string, reason: string): FieldDecl => ({ path, support: 'unsupported', reason });
const F = (path: string, reason: string): FieldDecl => ({ path, support: 'fail-closed', reason });

const COMMON: readonly FieldDecl[] = [
  M('displayName', 'shown by the API and UI only'),
  M('description', 'shown by the API and UI only'),
  M('fqn', 'output; ignored on input'),
  M('etag', 'optimistic concurrency on replace'),
  M('deletionProtectionEnabled', 'enforced by the API on delete'),
];
/** Kinds that do not apply the profiles they list (profiles apply to the settings hierarchy and Security/TrafficSettings). */
const NO_PROFILES = U(
  'profiles',
  'profiles are applied to OrganizationSetting/TenantSetting/WorkspaceSetting, Organization/Tenant/Workspace, SecuritySetting and TrafficSetting only; attach the profile there',
);
/** Kinds that only shape the hierarchy: configGenerationMetadata has nothing to decorate. */
const HIERARCHY: readonly FieldDecl[] = [...COMMON, M('configGenerationMetadata', 'no Istio object is produced from this kind itself')];
const CROSS_CLUSTER = 'not translated by cross-cluster routing (docs/clusters.md "Cross-cluster routing")';
const WAF = 'WAF rules are not translated; the workloads are denied rather than left unprotected';
const EXT = 'WASM extensions are not translated';
const OIDC = 'OIDC login is not translated; the workloads are denied rather than left unauthenticated';
const LOCAL_AUTHZ = 'inline HTTP authorization rules are not translated; the workloads are denied rather than left open';
const IDENTITY_MATCH = 'identity propagation is not implemented; peer certificates are always used (PEER_CERTIFICATE)';
const RATE =
  'rate limiting is not translated: it needs Envoy rate-limit filters (local token buckets or an external rate-limit service), which only an EnvoyFilter patching the proxy internals can add; Istio CRDs cannot express it safely';
const INBOUND =
  "inbound (downstream) resilience is not translated: TSB's keep-alive and mesh timeouts apply to the connections clients open to the sidecar, while Istio's Sidecar inboundConnectionPool configures the sidecar's connections to the local application; only an EnvoyFilter could set them";

const SECURITY_SETTING: readonly FieldDecl[] = [
  ...COMMON,
  F('authenticationSettings.http.oidc', OIDC),
  F('authorization.http.local', LOCAL_AUTHZ),
  U('authorization.http.external.tls', 'TLS to the authorization service is set on the ControlPlane extension provider, not per setting'),
  U('authorization.http.external.timeout', 'the timeout is set on the ControlPlane extension provider, not per setting'),
  U('authorization.identityMatch', IDENTITY_MATCH),
  F('waf', WAF),
  U('extension', EXT),
  U('egress', 'egress authorization is not translated'),
];

const BACKOFF_CAP = 'Istio retries take one back-off interval (retries.backoff, from baseInterval) and have no maximum interval';
const OUTLIER_UNMAPPED = (prefix: string): FieldDecl[] => [
  U(`${prefix}.enforcingConsecutive5xx`, 'Istio has no enforcing percentage: 5xx ejection is enforced fully when consecutive5xx is set, off otherwise'),
  U(`${prefix}.enforcingConsecutiveGatewayFailure`, 'Istio has no enforcing percentage: gateway-failure ejection is always enforced fully'),
  U(`${prefix}.enforcingConsecutiveLocalOriginFailure`, 'Istio has no enforcing percentage: local-origin ejection is always enforced fully'),
  U(`${prefix}.maxEjectionTime`, "Istio's outlierDetection has no maximum ejection time (Envoy's default, 300s, applies)"),
];
const UPSTREAM = (prefix: string): FieldDecl[] => [
  U(`${prefix}.settings.resilience.connectionPool.http.retries.retryBackOff.maxInterval`, BACKOFF_CAP),
  ...OUTLIER_UNMAPPED(`${prefix}.settings.resilience.outlierDetection`),
];
const EGRESS_PORT = 'deprecated in TSB and ignored there: the egress gateway is reached on its service port';

const TRAFFIC_SETTING: readonly FieldDecl[] = [
  ...COMMON,
  U('rateLimiting', RATE),
  U('resilience.httpRetries.retryBackOff.maxInterval', BACKOFF_CAP),
  U('inbound.rateLimiting', RATE),
  U('inbound.resilience', INBOUND),
  U('inbound.failoverSettings', CROSS_CLUSTER),
  U('egress.port', EGRESS_PORT),
  U('outbound.egress.port', EGRESS_PORT),
  ...UPSTREAM('outbound.upstreamTrafficSettings[]'),
  ...UPSTREAM('upstreamTrafficSettings[]'),
];

const GATEWAY_POLICIES = (prefix: string): FieldDecl[] => [
  U(`${prefix}rateLimiting`, RATE),
  F(`${prefix}waf`, WAF),
  U(`${prefix}extension`, EXT),
  F(`${prefix}authentication.oidc`, OIDC),
  F(`${prefix}authorization.local`, LOCAL_AUTHZ),
  U(`${prefix}authorization.external.tls`, 'TLS to the authorization service is set on the ControlPlane extension provider'),
  U(`${prefix}authorization.external.timeout`, 'the timeout is set on the ControlPlane extension provider'),
];
const TLS_EXTRA = (prefix: string): FieldDecl[] => [
  U(`${prefix}tls.files`, 'file-mounted certificates are not translated; use secretName'),
  U(`${prefix}tls.cipherSuites`, 'cipher suites are not translated'),
  U(`${prefix}tls.subjectAltNames`, 'subject alt name checks are not translated'),
];

const INGRESS: readonly FieldDecl[] = [
  ...COMMON,
  ...GATEWAY_POLICIES(''),
  ...GATEWAY_POLICIES('http[].'),
  ...TLS_EXTRA('http[].'),
  ...TLS_EXTRA('tcp[].'),
  U('http[].routing.corsPolicy', 'CORS is not translated'),
  U('tcp[].routing', 'TCP routing rules are not translated; use route'),
];

const TIER1: readonly FieldDecl[] = [
  ...COMMON,
  ...GATEWAY_POLICIES(''),
  ...GATEWAY_POLICIES('externalServers[].'),
  ...TLS_EXTRA('externalServers[].'),
  U('externalServers[].clusters[].labels', 'selecting clusters by label is not translated; name them'),
  U('externalServers[].clusters[].network', 'selecting clusters by network is not translated; name them (networkReachability still applies)'),
  ...GATEWAY_POLICIES('internalServers[].'),
  U('internalServers[].clusters[].labels', 'selecting clusters by label is not translated; name them'),
  U('internalServers[].clusters[].network', 'selecting clusters by network is not translated; name them'),
  U('passthroughServers[].clusters[].labels', 'selecting clusters by label is not translated; name them'),
  U('passthroughServers[].clusters[].network', 'selecting clusters by network is not translated; name them'),
  U('tcpExternalServers', 'TCP tier-1 servers are not translated'),
  U('tcpInternalServers', 'TCP tier-1 servers are not translated'),
];

const SETTINGS: readonly FieldDecl[] = [...HIERARCHY];

/** Declarations per `<api group>/<Kind>`. A kind missing here has no declarations. */
export const FIELD_SUPPORT: Readonly<Record<string, readonly FieldDecl[]>> = {
  'api.tsb.tetrate.io/Organization': [...HIERARCHY, M('systemNamespaces', 'bookkeeping of system namespaces')],
  'api.tsb.tetrate.io/Tenant': [...HIERARCHY, U('securityDomain', 'security domains are not translated')],
  'api.tsb.tetrate.io/Workspace': [
    ...HIERARCHY,
    M('privileged', 'enforced by the API (namespace exclusivity)'),
    U('isolationBoundary', 'isolation boundaries (Istio revisions) are not translated'),
    U('securityDomain', 'security domains are not translated'),
  ],
  'api.tsb.tetrate.io/Cluster': [
    ...HIERARCHY,
    NO_PROFILES,
    M('tokenTtl', 'lifetime of the agent credentials'),
    M('network', "the cluster's network in the mesh view: cross-cluster routing and the service registry read it (issue #17)"),
    M('tier1Cluster', 'deprecated in TSB; informative'),
    M('locality', "the cluster's region in the mesh view: locality failover and the service registry read it (issue #17)"),
    U('namespaceScope', 'namespace scoping of the agent is not implemented'),
    M('labels', 'labels of the Cluster resource'),
    M('namespaces', 'output: observed by the agent'),
    M('state', 'output: observed by the agent'),
    M('serviceAccount', 'output: one-time credentials'),
    M('bringYourOwnCa', 'the cluster keeps its own cacerts: the management plane does not deliver one and checks what the agent reports (docs/pki.md)'),
  ],
  'api.tsb.tetrate.io/User': [
    ...HIERARCHY,
    NO_PROFILES,
    M('loginName', 'identity'),
    M('firstName', 'identity'),
    M('lastName', 'identity'),
    M('email', 'identity'),
    M('sourceType', 'identity'),
  ],
  'api.tsb.tetrate.io/Team': [...HIERARCHY, NO_PROFILES, M('members', 'RBAC'), M('sourceType', 'identity')],
  'api.tsb.tetrate.io/ServiceAccount': [...HIERARCHY, NO_PROFILES, M('keys', 'API credentials'), M('keyEncoding', 'API credentials')],
  'api.tsb.tetrate.io/OrganizationSetting': [
    ...SETTINGS,
    U('failoverSettings.topologyChoice', 'topology choice is not translated; endpoints are prioritised by locality (regionalFailover) or failoverPriority'),
    U('failoverSettings.automaticLoadBalancing', 'automatic load balancing from observed metrics is not translated'),
  ],
  'api.tsb.tetrate.io/TenantSetting': SETTINGS,
  'api.tsb.tetrate.io/WorkspaceSetting': [
    ...SETTINGS,
    U(
      'defaultEastWestGatewaySettings[].exposedServices',
      'Service labels are not reported by agents, so services cannot be selected by label: an entry with exposedServices exposes nothing; remove it to expose every service of the workspace',
    ),
    U('defaultEastWestGatewaySettings[].configGenerationMetadata', 'east-west objects carry no extra metadata'),
    U('hostsReachability', CROSS_CLUSTER),
  ],
  'gateway.tsb.tetrate.io/Group': [...HIERARCHY, NO_PROFILES],
  'traffic.tsb.tetrate.io/Group': [...HIERARCHY, NO_PROFILES],
  'security.tsb.tetrate.io/Group': [...HIERARCHY, NO_PROFILES, U('securityDomain', 'security domains are not translated')],
  'istiointernal.tsb.tetrate.io/Group': [...HIERARCHY, NO_PROFILES],
  'gateway.tsb.tetrate.io/IngressGateway': [...INGRESS, NO_PROFILES],
  'gateway.tsb.tetrate.io/Tier1Gateway': [...TIER1, NO_PROFILES],
  'gateway.tsb.tetrate.io/EgressGateway': [
    ...COMMON,
    NO_PROFILES,
    U('configGenerationMetadata', 'BRIDGED EgressGateway is not translated'),
    U('workloadSelector', 'BRIDGED EgressGateway is not translated'),
    U('authorization', 'BRIDGED EgressGateway is not translated'),
    U('extension', EXT),
  ],
  'traffic.tsb.tetrate.io/TrafficSetting': TRAFFIC_SETTING,
  'traffic.tsb.tetrate.io/ServiceRoute': [
    ...COMMON,
    NO_PROFILES,
    U('subsets[].port', 'per-subset ports are not translated'),
    U('tcpRoutes', 'TCP routes are not translated'),
    U('stickySession', 'sticky sessions are not translated'),
    U('portLevelSettings', 'port-level settings are not translated'),
  ],
  'security.tsb.tetrate.io/SecuritySetting': SECURITY_SETTING,
};

/** Settings kinds carry whole Security/TrafficSetting specs as defaults: same declarations, prefixed. */
for (const key of ['api.tsb.tetrate.io/OrganizationSetting', 'api.tsb.tetrate.io/TenantSetting', 'api.tsb.tetrate.io/WorkspaceSetting']) {
  const extra = [
    ...SECURITY_SETTING.filter((d) => d.support !== 'management').map((d) => ({ ...d, path: `defaultSecuritySetting.${d.path}` })),
    ...TRAFFIC_SETTING.filter((d) => d.support !== 'management').map((d) => ({ ...d, path: `defaultTrafficSetting.${d.path}` })),
    M('defaultSecuritySetting.displayName', 'not used inside a default'),
    M('defaultSecuritySetting.description', 'not used inside a default'),
    M('defaultSecuritySetting.fqn', 'not used inside a default'),
    M('defaultSecuritySetting.etag', 'not used inside a default'),
    M('defaultSecuritySetting.deletionProtectionEnabled', 'not used inside a default'),
    M('defaultSecuritySetting.configGenerationMetadata', "objects from a default carry the setting resource's metadata"),
    M('defaultTrafficSetting.displayName', 'not used inside a default'),
    M('defaultTrafficSetting.description', 'not used inside a default'),
    M('defaultTrafficSetting.fqn', 'not used inside a default'),
    M('defaultTrafficSetting.etag', 'not used inside a default'),
    M('defaultTrafficSetting.deletionProtectionEnabled', 'not used inside a default'),
    M('defaultTrafficSetting.configGenerationMetadata', "objects from a default carry the setting resource's metadata"),
  ];
  (FIELD_SUPPORT as Record<string, readonly FieldDecl[]>)[key] = [...FIELD_SUPPORT[key], ...extra];
}

/**
 * A Profile produces nothing itself: its ProfileConfig is merged into the settings that list it
 * (src/translate/profiles.ts), so what those settings do not translate is declared here under
 * `defaults.` and `mandates.` as well (the Profile's own status names it too).
 */
const PROFILE_CONFIG = (at: string): FieldDecl[] => [
  ...SECURITY_SETTING.filter((d) => d.support !== 'management' && d.path.startsWith('authenticationSettings.')).map((d) => ({ ...d, path: `${at}.${d.path}` })),
  F(`${at}.wafSettings`, WAF),
  U(`${at}.wasmExtensions`, EXT),
  ...['traffic', 'trafficSettings'].flatMap((t) =>
    TRAFFIC_SETTING.filter((d) => d.support !== 'management' && d.path !== 'profiles').map((d) => ({ ...d, path: `${at}.${t}.${d.path}` })),
  ),
];
(FIELD_SUPPORT as Record<string, readonly FieldDecl[]>)['profile.tsb.tetrate.io/Profile'] = [
  ...COMMON,
  M('configGenerationMetadata', 'objects carry the metadata of the setting the profile is merged into'),
  ...PROFILE_CONFIG('defaults'),
  ...PROFILE_CONFIG('mandates'),
];

/** One field a resource sets that is not (fully) translated. */
export interface FieldNote {
  /** Concrete path from the envelope, e.g. `spec.http[0].waf`. */
  readonly field: string;
  readonly support: Exclude<FieldSupport, 'management'>;
  readonly reason: string;
  /** MB3011 (not translated) or MB3012 (fail-closed). */
  readonly code: string;
}

function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(0, i);
}

function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Concrete occurrences of a declared path in `value`. */
function occurrences(value: unknown, segments: readonly string[], at: string, out: string[]): void {
  if (segments.length === 0) {
    if (isSet(value)) out.push(at);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const [head, ...rest] = segments;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  const child = (value as Record<string, unknown>)[key];
  if (!list) return occurrences(child, rest, `${at}.${key}`, out);
  if (!Array.isArray(child)) return;
  child.forEach((item, i) => occurrences(item, rest, `${at}.${key}[${i}]`, out));
}

/** The declarations of a kind (`apiVersion`, `kind`). */
export function fieldDeclarations(apiVersion: string, kind: string): readonly FieldDecl[] {
  return FIELD_SUPPORT[`${apiGroupOf(apiVersion)}/${kind}`] ?? [];
}

/** Fields a resource sets that translation does not apply, in declaration order. */
export function untranslatedFields(apiVersion: string, kind: string, spec: unknown): FieldNote[] {
  const out: FieldNote[] = [];
  for (const d of fieldDeclarations(apiVersion, kind)) {
    if (d.support === 'management') continue;
    const found: string[] = [];
    occurrences(spec, d.path.split('.'), 'spec', found);
    for (const field of found) out.push({ field, support: d.support, reason: d.reason, code: d.support === 'fail-closed' ? 'MB3012' : 'MB3011' });
  }
  return out;
}

/** One line per note, as tctl prints it: `field: reason [MB3011]`. */
export function describeNote(n: Pick<FieldNote, 'field' | 'reason' | 'code'>): string {
  return `${n.field} is not translated: ${n.reason} [${n.code}]`;
}
