/**
 * The resource kinds meshbridge serves, with TSB's apiVersion/kind, the FQN collection segment,
 * where in the tree they live and tctl's short forms. Schemas live in ./schemas (one per kind).
 */
export type Level = 'root' | 'organization' | 'tenant' | 'workspace' | 'gatewaygroup' | 'trafficgroup' | 'securitygroup' | 'istiointernalgroup';

export interface KindInfo {
  /** Canonical apiVersion (the one meshbridge writes back). */
  readonly apiVersion: string;
  /** Other apiVersions accepted on input for the same kind. */
  readonly aliases?: readonly string[];
  readonly kind: string;
  /** FQN collection segment, e.g. `tenants`. */
  readonly collection: string;
  /** The level of the parent this kind lives under. */
  readonly parent: Level;
  /** The level this kind itself opens, when it can have children. */
  readonly opens?: Level;
  /** Key of the object in TSB's create body `{"name": …, "<bodyKey>": {…}}`. */
  readonly bodyKey: string;
  /** tctl short forms. */
  readonly short: readonly string[];
}

const NET = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];
const SEC = ['security.istio.io/v1', 'security.istio.io/v1beta1'];

function istio(kind: string, collection: string, parent: Level, short: string[], versions: string[]): KindInfo {
  return { apiVersion: versions[0], aliases: versions.slice(1), kind, collection, parent, bodyKey: lowerFirst(kind), short };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export const KINDS: readonly KindInfo[] = [
  {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Organization',
    collection: 'organizations',
    parent: 'root',
    opens: 'organization',
    bodyKey: 'organization',
    short: ['org'],
  },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', collection: 'tenants', parent: 'organization', opens: 'tenant', bodyKey: 'tenant', short: ['tns'] },
  {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Workspace',
    collection: 'workspaces',
    parent: 'tenant',
    opens: 'workspace',
    bodyKey: 'workspace',
    short: ['ws'],
  },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Cluster', collection: 'clusters', parent: 'organization', bodyKey: 'cluster', short: ['cs'] },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'User', collection: 'users', parent: 'organization', bodyKey: 'user', short: [] },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Team', collection: 'teams', parent: 'organization', bodyKey: 'team', short: [] },
  {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'ServiceAccount',
    collection: 'serviceaccounts',
    parent: 'organization',
    bodyKey: 'serviceAccount',
    short: ['sa'],
  },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'OrganizationSetting', collection: 'settings', parent: 'organization', bodyKey: 'settings', short: ['os'] },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'TenantSetting', collection: 'settings', parent: 'tenant', bodyKey: 'settings', short: ['ts'] },
  { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'WorkspaceSetting', collection: 'settings', parent: 'workspace', bodyKey: 'settings', short: ['wss'] },
  {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'Group',
    collection: 'gatewaygroups',
    parent: 'workspace',
    opens: 'gatewaygroup',
    bodyKey: 'group',
    short: ['gg'],
  },
  {
    apiVersion: 'traffic.tsb.tetrate.io/v2',
    kind: 'Group',
    collection: 'trafficgroups',
    parent: 'workspace',
    opens: 'trafficgroup',
    bodyKey: 'group',
    short: ['tg'],
  },
  {
    apiVersion: 'security.tsb.tetrate.io/v2',
    kind: 'Group',
    collection: 'securitygroups',
    parent: 'workspace',
    opens: 'securitygroup',
    bodyKey: 'group',
    short: ['sg'],
  },
  {
    apiVersion: 'istiointernal.tsb.tetrate.io/v2',
    kind: 'Group',
    collection: 'istiointernalgroups',
    parent: 'workspace',
    opens: 'istiointernalgroup',
    bodyKey: 'group',
    short: ['iig'],
  },
  {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'IngressGateway',
    collection: 'ingressgateways',
    parent: 'gatewaygroup',
    bodyKey: 'ingressGateway',
    short: ['ig'],
  },
  {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'Tier1Gateway',
    collection: 'tier1gateways',
    parent: 'gatewaygroup',
    bodyKey: 'tier1Gateway',
    short: ['t1'],
  },
  {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'EgressGateway',
    collection: 'egressgateways',
    parent: 'gatewaygroup',
    bodyKey: 'egressGateway',
    short: ['eg'],
  },
  { apiVersion: 'traffic.tsb.tetrate.io/v2', kind: 'TrafficSetting', collection: 'settings', parent: 'trafficgroup', bodyKey: 'setting', short: ['tss'] },
  {
    apiVersion: 'traffic.tsb.tetrate.io/v2',
    kind: 'ServiceRoute',
    collection: 'serviceroutes',
    parent: 'trafficgroup',
    bodyKey: 'serviceRoute',
    short: ['sr'],
  },
  { apiVersion: 'security.tsb.tetrate.io/v2', kind: 'SecuritySetting', collection: 'settings', parent: 'securitygroup', bodyKey: 'setting', short: ['sss'] },
  // Profiles (TSB alpha, profile.tsb.tetrate.io/v2): defaults and mandates that resources attach
  // with `profiles: [fqn]`. TSB's `parent` is free (terraform-provider-tsb
  // docs/resources/profile_profile.md); meshbridge serves them under an organization, tenant or
  // workspace (issue #18).
  ...(['organization', 'tenant', 'workspace'] as const).map((parent): KindInfo => ({
    apiVersion: 'profile.tsb.tetrate.io/v2',
    kind: 'Profile',
    collection: 'profiles',
    parent,
    bodyKey: 'profile',
    short: [],
  })),
  // DIRECT mode: Istio objects stored as-is inside DIRECT groups.
  istio('Gateway', 'gateways', 'gatewaygroup', ['gw'], NET),
  istio('VirtualService', 'virtualservices', 'gatewaygroup', ['vs'], NET),
  istio('VirtualService', 'virtualservices', 'trafficgroup', ['vs'], NET),
  istio('DestinationRule', 'destinationrules', 'trafficgroup', ['dr'], NET),
  istio('Sidecar', 'sidecars', 'trafficgroup', ['sd'], NET),
  istio('ServiceEntry', 'serviceentries', 'istiointernalgroup', ['se'], NET),
  istio('PeerAuthentication', 'peerauthentications', 'securitygroup', ['pa'], SEC),
  istio('AuthorizationPolicy', 'authorizationpolicies', 'securitygroup', ['ap'], SEC),
  istio('AuthorizationPolicy', 'authorizationpolicies', 'gatewaygroup', ['ap'], SEC),
  istio('RequestAuthentication', 'requestauthentications', 'securitygroup', ['ra'], SEC),
  istio('RequestAuthentication', 'requestauthentications', 'gatewaygroup', ['ra'], SEC),
];

/** The metadata fields naming each ancestor level, in order (TSB's YAML envelope). */
export const LEVEL_PATH: Record<Level, readonly { collection: string; meta: string }[]> = {
  root: [],
  organization: [{ collection: 'organizations', meta: 'organization' }],
  tenant: [
    { collection: 'organizations', meta: 'organization' },
    { collection: 'tenants', meta: 'tenant' },
  ],
  workspace: [
    { collection: 'organizations', meta: 'organization' },
    { collection: 'tenants', meta: 'tenant' },
    { collection: 'workspaces', meta: 'workspace' },
  ],
  gatewaygroup: groupPath('gatewaygroups'),
  trafficgroup: groupPath('trafficgroups'),
  securitygroup: groupPath('securitygroups'),
  istiointernalgroup: groupPath('istiointernalgroups'),
};

function groupPath(collection: string): { collection: string; meta: string }[] {
  return [
    { collection: 'organizations', meta: 'organization' },
    { collection: 'tenants', meta: 'tenant' },
    { collection: 'workspaces', meta: 'workspace' },
    { collection, meta: 'group' },
  ];
}

/** Finds the kind for an apiVersion/kind pair at a given parent level (Group and Istio kinds repeat). */
export function findKind(apiVersion: string, kind: string, parent?: Level): KindInfo | undefined {
  return KINDS.find(
    (k) => k.kind === kind && (k.apiVersion === apiVersion || (k.aliases ?? []).includes(apiVersion)) && (parent === undefined || k.parent === parent),
  );
}

/** Finds the kind stored in `collection` under a parent level. */
export function kindForCollection(parent: Level, collection: string): KindInfo | undefined {
  return KINDS.find((k) => k.parent === parent && k.collection === collection);
}

/** The API group of an apiVersion (`gateway.tsb.tetrate.io/v2` → `gateway.tsb.tetrate.io`). */
export function apiGroup(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** True for DIRECT-mode Istio kinds (stored as-is inside DIRECT groups). */
export function isIstioKind(k: KindInfo): boolean {
  return k.apiVersion.includes('istio.io/');
}
