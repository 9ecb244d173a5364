/**
 * What every translation golden starts from (goldens.test-data.ts and the files it includes): the
 * organization tree over two clusters, their inventories, the golden's shape and the TSB references.
 */
import type { ClusterInfo, ConfigResource } from './model.js';

export const ORG = 'organizations/tetrate';
export const TENANT = `${ORG}/tenants/prod`;
export const WS = `${TENANT}/workspaces/bookinfo`;
export const SEC = `${WS}/securitygroups/sec`;
export const TRAFFIC = `${WS}/trafficgroups/traffic`;
export const GW = `${WS}/gatewaygroups/gw`;

export const REF = {
  security:
    'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/security/v2/security_setting (and terraform-provider-tsb docs/resources/security_security_setting.md)',
  traffic:
    'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/traffic/v2/traffic_setting (and terraform-provider-tsb docs/resources/traffic_traffic_setting.md)',
  ingress:
    'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/gateway/v2/ingress_gateway (terraform-provider-tsb docs/resources/gateway_ingress_gateway.md)',
  tier1: 'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/gateway/v2/tier1_gateway (terraform-provider-tsb docs/resources/gateway_tier1_gateway.md)',
  settings:
    'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/v2/organization_setting, tenant_setting, workspace_setting; propagationStrategy in security_setting',
  cluster: 'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/v2/cluster',
} as const;

export type Spec = Record<string, unknown>;

export function res(fqn: string, apiVersion: string, kind: string, spec: Spec): ConfigResource {
  return { fqn, apiVersion, kind, name: fqn.split('/').pop() ?? '', metadata: {}, spec };
}

/** c1 runs bookinfo and shared (trust domain c1.example); c2 runs bookinfo and reviews (c2.example). */
export const CLUSTERS: readonly ClusterInfo[] = [
  {
    name: 'c1',
    trustDomain: 'c1.example',
    namespaces: ['bookinfo', 'shared', 'istio-system'],
    services: [
      { namespace: 'bookinfo', name: 'productpage' },
      { namespace: 'shared', name: 'db' },
    ],
  },
  {
    name: 'c2',
    trustDomain: 'c2.example',
    namespaces: ['bookinfo', 'reviews', 'istio-system'],
    services: [
      { namespace: 'bookinfo', name: 'productpage' },
      { namespace: 'reviews', name: 'reviews' },
    ],
  },
];

/** The tree every case starts from: a workspace over bookinfo (both), reviews (c2) and shared (c1). */
export function base(): ConfigResource[] {
  return [
    res(ORG, 'api.tsb.tetrate.io/v2', 'Organization', {}),
    res(`${ORG}/clusters/c1`, 'api.tsb.tetrate.io/v2', 'Cluster', { trustDomain: 'c1.example' }),
    res(`${ORG}/clusters/c2`, 'api.tsb.tetrate.io/v2', 'Cluster', {}),
    res(TENANT, 'api.tsb.tetrate.io/v2', 'Tenant', {}),
    res(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/bookinfo', '*/reviews', 'c1/shared'] } }),
    res(SEC, 'security.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo', '*/reviews'] }, configMode: 'BRIDGED' }),
    res(TRAFFIC, 'traffic.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo'] }, configMode: 'BRIDGED' }),
    res(GW, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo'] }, configMode: 'BRIDGED' }),
    res(`${WS}/istiointernalgroups/internal`, 'istiointernal.tsb.tetrate.io/v2', 'Group', {
      namespaceSelector: { names: ['c1/shared'] },
      configMode: 'DIRECT',
    }),
  ];
}

export interface Golden {
  readonly name: string;
  readonly ref: string;
  /** Resources added to base() (same FQN replaces). */
  readonly given: readonly ConfigResource[];
  /** The cluster translated (the mesh is both clusters unless `alone`). */
  readonly cluster: 'c1' | 'c2';
  /** Translate as if no other cluster were known, and with this trust domain. */
  readonly alone?: { trustDomain?: string };
  /** `namespace/Kind/name` → exact spec. */
  readonly then: Readonly<Record<string, Spec>>;
  /** `namespace/Kind/name` → annotation that must be present (value matched as a substring). */
  readonly annotated?: Readonly<Record<string, string>>;
  /** Keys that must NOT be produced. */
  readonly absent?: readonly string[];
  /** `namespace/Kind/name` → labels that must be present (configGenerationMetadata). */
  readonly labelled?: Readonly<Record<string, Record<string, string>>>;
}

export const ss = (spec: Spec, name = 'default'): ConfigResource => res(`${SEC}/settings/${name}`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', spec);
export const ts = (spec: Spec, name = 'default'): ConfigResource => res(`${TRAFFIC}/settings/${name}`, 'traffic.tsb.tetrate.io/v2', 'TrafficSetting', spec);
export const ALLOW_NS = (namespaces: string[]): Spec => ({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces } }] }] });
