/**
 * Goldens for cross-cluster routing (issue #17, Route): GIVEN a TSB configuration and what four
 * clusters' agents report (networks, regions, gateways), WHEN translated for one cluster, THEN
 * these Istio objects (exact spec) exist and those do not, and the resource's status carries these
 * events. Each case cites the TSB reference it follows. Read by goldens.test.ts (unit) and
 * field-coverage.test.ts (every schema field exercised by a golden or declared unsupported).
 */
import type { ClusterInfo, ConfigResource, GatewayInfo } from '../model.js';

export const ORG = 'organizations/tetrate';
const TENANT = `${ORG}/tenants/prod`;
export const WS = `${TENANT}/workspaces/bookinfo`;
export const EDGE = `${TENANT}/workspaces/edge`;
export const SHOP = `${TENANT}/workspaces/shop`;
export const T1 = `${EDGE}/gatewaygroups/edge/tier1gateways/tier1`;

export const REF = {
  tier1: 'https://docs.tetrate.io/service-bridge/refs/tsb/gateway/v2/tier1_gateway (Tier1ExternalServer.clusters, Tier1InternalServer, Tier1PassthroughServer)',
  orgSetting:
    'https://docs.tetrate.io/service-bridge/refs/tsb/v2/organization_setting (networkReachability) and terraform-provider-tsb docs/resources/organization_setting.md (failover_settings)',
  eastWest: 'https://docs.tetrate.io/service-bridge/refs/tsb/gateway/v2/eastwest_gateway and howto/gateway/multi_cluster_traffic_routing_with_eastwest_gateway',
  ingress: 'terraform-provider-tsb docs/resources/gateway_ingress_gateway.md (hostname unique across the gateways of a cluster)',
} as const;

type Spec = Record<string, unknown>;

export function res(fqn: string, apiVersion: string, kind: string, spec: Spec): ConfigResource {
  return { fqn, apiVersion, kind, name: fqn.split('/').pop() ?? '', metadata: {}, spec };
}

const ingress = (name: string, namespace: string, addresses: string[], hostnames: string[], extra: Partial<GatewayInfo> = {}): GatewayInfo => ({
  namespace,
  name,
  kind: 'ingress',
  addresses,
  ports: [
    { name: 'https', port: 443 },
    { name: 'tls', port: 15443 },
  ],
  hostnames,
  ...extra,
});
const eastwest = (addresses: string[]): GatewayInfo => ({
  namespace: 'eastwest',
  name: 'eastwest-gateway',
  kind: 'eastwest',
  addresses,
  ports: [{ name: 'tls', port: 15443 }],
  hostnames: [],
});
const details = { namespace: 'bookinfo', name: 'details', ports: [{ name: 'http', port: 9080 }] };
const productpage = { namespace: 'bookinfo', name: 'productpage', ports: [{ name: 'http', port: 9080 }] };
const ratings = { namespace: 'bookinfo', name: 'ratings', ports: [{ name: 'http', port: 9080 }] };

/**
 * t1: the tier-1 cluster (net-a, us-east). c1: net-a, us-east, LoadBalancer gateways. c2: net-a,
 * us-west, gateways reachable only through NodePorts. c3: net-b, eu-west, gateways with DNS names.
 * Every ingress gateway is bookinfo/bookinfo-gw, the one base()'s IngressGateway selects.
 */
export function mesh(change: (c: ClusterInfo) => ClusterInfo = (c) => c): ClusterInfo[] {
  return [
    { name: 't1', network: 'net-a', region: 'us-east', namespaces: ['edge'], gateways: [] },
    {
      name: 'c1',
      network: 'net-a',
      region: 'us-east',
      namespaces: ['bookinfo', 'eastwest', 'shop'],
      services: [details, productpage],
      gateways: [ingress('bookinfo-gw', 'bookinfo', ['10.1.0.10'], ['bookinfo.example.com']), eastwest(['10.1.0.20'])],
    },
    {
      name: 'c2',
      network: 'net-a',
      region: 'us-west',
      namespaces: ['bookinfo', 'eastwest'],
      services: [productpage],
      gateways: [
        ingress('bookinfo-gw', 'bookinfo', ['192.168.2.5'], ['bookinfo.example.com'], {
          ports: [{ name: 'tls', port: 15443, nodePort: 31443 }],
        }),
        { ...eastwest(['192.168.2.5']), ports: [{ name: 'tls', port: 15443, nodePort: 30443 }] },
      ],
    },
    {
      name: 'c3',
      network: 'net-b',
      region: 'eu-west',
      namespaces: ['bookinfo', 'eastwest', 'shop'],
      services: [details, ratings],
      gateways: [ingress('bookinfo-gw', 'bookinfo', ['gw.c3.example.net'], ['bookinfo.example.com']), eastwest(['ew.c3.example.net'])],
    },
  ].map(change);
}

/** The tree every case starts from: the edge workspace (tier-1 cluster) and bookinfo over c1–c3. */
export function base(): ConfigResource[] {
  return [
    res(ORG, 'api.tsb.tetrate.io/v2', 'Organization', {}),
    res(`${ORG}/clusters/t1`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'net-a', locality: { region: 'us-east' }, tier1Cluster: true }),
    res(`${ORG}/clusters/c1`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'net-a', locality: { region: 'us-east' } }),
    res(`${ORG}/clusters/c2`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'net-a', locality: { region: 'us-west' } }),
    res(`${ORG}/clusters/c3`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'net-b', locality: { region: 'eu-west' } }),
    res(TENANT, 'api.tsb.tetrate.io/v2', 'Tenant', {}),
    res(EDGE, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['t1/edge'] } }),
    res(`${EDGE}/gatewaygroups/edge`, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['t1/edge'] }, configMode: 'BRIDGED' }),
    res(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/bookinfo'] } }),
    res(`${WS}/gatewaygroups/gw`, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo'] }, configMode: 'BRIDGED' }),
    // What makes a cluster expose bookinfo.example.com to tier-1 gateways: this IngressGateway
    // placed there (bookinfo/bookinfo-gw in c1–c3), not the hostnames agents report.
    ingressGateway(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'bookinfo', ['bookinfo.example.com']),
  ];
}

export interface Golden {
  readonly name: string;
  readonly ref: string;
  readonly given: readonly ConfigResource[];
  /** What the agents report (default: mesh()). */
  readonly clusters?: readonly ClusterInfo[];
  readonly cluster: string;
  /** Every object key (`namespace/Kind/name`) produced for `cluster`, exactly: an extra object fails. */
  readonly exactly: readonly string[];
  readonly then: Readonly<Record<string, Spec>>;
  /** `namespace/Kind/name` → text its `meshbridge.io/fail-closed` annotation contains. */
  readonly annotated?: Readonly<Record<string, string>>;
  readonly absent?: readonly string[];
  /** FQN → the status events (`field code`) crossClusterNotes must give, exactly. */
  readonly events?: Readonly<Record<string, readonly string[]>>;
}

const tier1 = (server: Spec, extra: Spec = {}): ConfigResource =>
  res(T1, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
    workloadSelector: { namespace: 'edge', labels: { app: 'tier1' } },
    externalServers: [server],
    ...extra,
  });
const weighted = { name: 'bookinfo', hostname: 'bookinfo.example.com', port: 443, tls: { mode: 'SIMPLE', secretName: 'bookinfo-cert' } };
const SNI = { mode: 'ISTIO_MUTUAL', sni: 'bookinfo.example.com' };
const HTTPS_SERVER = {
  hosts: ['bookinfo.example.com'],
  port: { name: 'https-bookinfo', number: 443, protocol: 'HTTPS' },
  tls: { credentialName: 'bookinfo-cert', mode: 'SIMPLE' },
};
const EP_C1 = { address: '10.1.0.10', labels: { 'meshbridge.io/cluster': 'c1' }, locality: 'us-east', network: 'net-a', ports: { 'http-bookinfo': 15443 } };
const EP_C2 = { address: '192.168.2.5', labels: { 'meshbridge.io/cluster': 'c2' }, locality: 'us-west', network: 'net-a', ports: { 'http-bookinfo': 31443 } };
const OUTLIER = { baseEjectionTime: '30s', consecutive5xxErrors: 5, interval: '10s', maxEjectionPercent: 100 };
const orgSetting = (spec: Spec): ConfigResource => res(`${ORG}/settings/default`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', spec);
const wsSetting = (spec: Spec): ConfigResource => res(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', spec);
const ingressGateway = (fqn: string, namespace: string, hosts: string[]): ConfigResource =>
  res(fqn, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', {
    workloadSelector: { namespace, labels: { app: `${namespace}-gw` } },
    http: hosts.map((h) => ({
      name: h.split('.')[0],
      port: 443,
      hostname: h,
      tls: { mode: 'SIMPLE', secretName: `${namespace}-cert` },
      routing: { rules: [{ route: { host: `${namespace}/${h.split('.')[0]}.${namespace}.svc.cluster.local`, port: 9080 } }] },
    })),
  });

/** The mesh with one cluster changed. */
export const onlyIn = (name: string, change: (c: ClusterInfo) => ClusterInfo): ClusterInfo[] => mesh((c) => (c.name === name ? change(c) : c));
/** A cluster with its gateways mapped (undefined drops one). */
export const gateways = (c: ClusterInfo, f: (g: GatewayInfo) => GatewayInfo | undefined): ClusterInfo => ({
  ...c,
  gateways: (c.gateways ?? []).map(f).filter((g): g is GatewayInfo => g !== undefined),
});
/** What base()'s bookinfo IngressGateway produces in each cluster running bookinfo. */
export const BOOKINFO_GW = ['bookinfo/Gateway/bookinfo-gw', 'bookinfo/VirtualService/bookinfo-gw-bookinfo'];

export { tier1, weighted, SNI, HTTPS_SERVER, EP_C1, EP_C2, OUTLIER, orgSetting, wsSetting, ingressGateway };
