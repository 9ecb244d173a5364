// The cross-cluster goldens (issue #17, Route); shapes and fixtures in goldens.test-data.ts.
import {
  EDGE,
  EP_C1,
  EP_C2,
  HTTPS_SERVER,
  ORG,
  OUTLIER,
  REF,
  SHOP,
  SNI,
  T1,
  WS,
  type Golden,
  ingressGateway,
  mesh,
  orgSetting,
  res,
  tier1,
  weighted,
} from './goldens.test-data.js';
import { BOOKINFO_GW, gateways, onlyIn } from './goldens.test-data.js';
import { EASTWEST_GOLDENS } from './goldens-eastwest.test-data.js';

const H = 'bookinfo.example.com';
const W80_20 = {
  ...weighted,
  clusters: [
    { name: 'c1', weight: 80 },
    { name: 'c2', weight: 20 },
  ],
};
const route = (subset: string, weight: number): Record<string, unknown> => ({ destination: { host: H, port: { number: 443 }, subset }, weight });
const subset = (c: string): Record<string, unknown> => ({ labels: { 'meshbridge.io/cluster': c }, name: c });
const VS = (http: Record<string, unknown>): Record<string, unknown> => ({ gateways: ['edge/tier1'], hosts: [H], http: [{ name: 'bookinfo', ...http }] });
const SE = (endpoints: Record<string, unknown>[], resolution = 'STATIC'): Record<string, unknown> => ({
  endpoints,
  hosts: [H],
  location: 'MESH_INTERNAL',
  ports: [{ name: 'http-bookinfo', number: 443, protocol: 'HTTP' }],
  resolution,
});
const EP_C3 = {
  address: 'gw.c3.example.net',
  labels: { 'meshbridge.io/cluster': 'c3' },
  locality: 'eu-west',
  network: 'net-b',
  ports: { 'http-bookinfo': 15443 },
};

// Two workspaces exposing one hostname: bookinfo (c1–c3) and shop (c1/shop, c3/shop).
const SHOP_TREE = [
  res(SHOP, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['c1/shop', 'c3/shop'] } }),
  res(`${SHOP}/gatewaygroups/gw`, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/shop'] }, configMode: 'BRIDGED' }),
  ingressGateway(`${SHOP}/gatewaygroups/gw/ingressgateways/shop-gw`, 'shop', [H, 'shop.example.com']),
  ingressGateway(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'bookinfo', [H]),
];

// Internal servers: the tier-1 sits on a transit network net-b may reach; c3 exposes nothing itself.
const INTERNAL_T1 = res(T1, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
  workloadSelector: { namespace: 'edge', labels: { app: 'tier1' } },
  internalServers: [{ name: 'internal', hostname: H }],
});
const TRANSIT_MESH = mesh((c) =>
  c.name === 't1'
    ? {
        ...c,
        network: 'transit',
        gateways: [{ namespace: 'edge', name: 'tier1', kind: 'tier1', addresses: ['10.9.0.1'], ports: [{ name: 'tls', port: 15443 }], hostnames: [] }],
      }
    : c.name === 'c3'
      ? gateways(c, (g) => (g.kind === 'ingress' ? undefined : g))
      : c,
);

/** What a tier-1 cluster holds for one routed external server: its Gateway, VirtualService, ServiceEntry and DestinationRule. */
const TIER1_ROUTED = [
  'edge/Gateway/tier1',
  'edge/VirtualService/tier1-bookinfo',
  'xcp-multicluster/DestinationRule/tier1-bookinfo',
  'xcp-multicluster/ServiceEntry/tier1-bookinfo',
];

export const GOLDENS: readonly Golden[] = [
  {
    name: 'Tier1Gateway to two clusters with weights: ServiceEntry of their ingress gateways (LoadBalancer IP; NodePort) and ISTIO_MUTUAL to 15443',
    ref: REF.tier1,
    given: [tier1(W80_20)],
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: {
      'edge/Gateway/tier1': { selector: { app: 'tier1' }, servers: [HTTPS_SERVER] },
      'edge/VirtualService/tier1-bookinfo': VS({ route: [route('c1', 80), route('c2', 20)] }),
      'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1, EP_C2]),
      'xcp-multicluster/DestinationRule/tier1-bookinfo': { host: H, subsets: [subset('c1'), subset('c2')], trafficPolicy: { tls: SNI } },
    },
    events: { [T1]: [] },
  },
  {
    name: 'a target cluster of a Tier1Gateway gets the 15443 ISTIO_MUTUAL server on the ingress gateway exposing the hostname',
    ref: REF.tier1,
    given: [tier1(W80_20), ingressGateway(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'bookinfo', [H])],
    cluster: 'c1',
    exactly: [...BOOKINFO_GW],
    then: {
      'bookinfo/Gateway/bookinfo-gw': {
        selector: { app: 'bookinfo-gw' },
        servers: [
          { hosts: [H], port: { name: 'https-bookinfo', number: 443, protocol: 'HTTPS' }, tls: { credentialName: 'bookinfo-cert', mode: 'SIMPLE' } },
          { hosts: [H], port: { name: 'tls-multicluster', number: 15443, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } },
        ],
      },
    },
    absent: ['xcp-multicluster/ServiceEntry/tier1-bookinfo'],
  },
  {
    name: 'a cluster losing its gateway (pods not ready): left out of the weights, the status names it (MB3750)',
    ref: REF.tier1,
    given: [tier1(W80_20)],
    clusters: onlyIn('c2', (c) => gateways(c, (g) => (g.kind === 'ingress' ? { ...g, healthy: false } : g))),
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: {
      'edge/VirtualService/tier1-bookinfo': VS({ route: [route('c1', 100)] }),
      'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1]),
      'xcp-multicluster/DestinationRule/tier1-bookinfo': { host: H, subsets: [subset('c1')], trafficPolicy: { tls: SNI } },
    },
    annotated: {
      'edge/VirtualService/tier1-bookinfo': 'c2 left out: its ingress gateway exposing bookinfo.example.com is not healthy or has no address [MB3750]',
    },
    events: { [T1]: ['spec.externalServers[0].clusters[1].name MB3750'] },
  },
  {
    name: 'a cluster whose agent is gone (no report): left out, nothing of it remains; none left answers 503',
    ref: REF.tier1,
    given: [tier1({ ...weighted, clusters: [{ name: 'c2', weight: 20 }] })],
    clusters: mesh().filter((c) => c.name !== 'c2'),
    cluster: 't1',
    exactly: ['edge/Gateway/tier1', 'edge/VirtualService/tier1-bookinfo'],
    then: { 'edge/VirtualService/tier1-bookinfo': VS({ directResponse: { body: { string: 'no target cluster exposes this hostname' }, status: 503 } }) },
    absent: ['xcp-multicluster/ServiceEntry/tier1-bookinfo', 'xcp-multicluster/DestinationRule/tier1-bookinfo'],
    annotated: { 'edge/VirtualService/tier1-bookinfo': 'c2 left out: it reports no ingress gateway exposing bookinfo.example.com [MB3750]' },
    events: { [T1]: ['spec.externalServers[0].clusters[0].name MB3750'] },
  },
  {
    name: 'no clusters named: every reachable cluster exposing the hostname, locality failover from OrganizationSetting failoverSettings; another network is left out',
    ref: `${REF.tier1}; ${REF.orgSetting}`,
    given: [tier1(weighted), orgSetting({ failoverSettings: { regionalFailover: [{ from: 'us-east', to: 'us-west' }] } })],
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: {
      'edge/VirtualService/tier1-bookinfo': VS({ route: [{ destination: { host: H, port: { number: 443 } } }] }),
      'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1, EP_C2]),
      'xcp-multicluster/DestinationRule/tier1-bookinfo': {
        host: H,
        trafficPolicy: {
          loadBalancer: { localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }] } },
          outlierDetection: OUTLIER,
          tls: SNI,
        },
      },
    },
    annotated: { 'edge/VirtualService/tier1-bookinfo': 'network net-b of c3 is not reachable from network net-a of t1 [MB3751]' },
    events: { [T1]: [] },
  },
  {
    name: "a cluster whose own Istio Gateways claim the hostname (bookinfo sample hosts ['*'], a tenant's Gateway naming it) but where no IngressGateway of the configuration serves it is no target",
    ref: `${REF.tier1}; ${REF.ingress}`,
    given: [tier1(weighted), res(`${ORG}/clusters/c4`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'net-a', locality: { region: 'us-east' } })],
    clusters: [
      ...mesh(),
      {
        name: 'c4',
        network: 'net-a',
        region: 'us-east',
        namespaces: ['bookinfo-sample', 'tenant-x'],
        gateways: [
          { ...(mesh()[1].gateways ?? [])[0], namespace: 'bookinfo-sample', name: 'istio-ingressgateway', addresses: ['10.4.0.1'], hostnames: ['*'] },
          { ...(mesh()[1].gateways ?? [])[0], namespace: 'tenant-x', name: 'tenant-gw', addresses: ['10.4.0.2'], hostnames: [H, '*.example.com'] },
        ],
      },
    ],
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: { 'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1, EP_C2]) },
    events: { [T1]: [] },
  },
  {
    name: 'a gateway labelled with a network the rules forbid is no target even when its cluster names no network (c3 without spec.network, east-west/ingress gateway on net-c; rules net-a: net-b)',
    ref: REF.orgSetting,
    given: [
      tier1({
        ...weighted,
        clusters: [
          { name: 'c1', weight: 50 },
          { name: 'c3', weight: 50 },
        ],
      }),
      orgSetting({ networkSettings: { networkReachability: { 'net-a': 'net-b' } } }),
    ],
    clusters: onlyIn('c3', (c) => gateways({ ...c, network: undefined }, (g) => ({ ...g, network: 'net-c' }))),
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: { 'edge/VirtualService/tier1-bookinfo': VS({ route: [route('c1', 100)] }) },
    annotated: { 'edge/VirtualService/tier1-bookinfo': 'network net-c of c3 is not reachable from network net-a of t1 [MB3751]' },
    events: { [T1]: ['spec.externalServers[0].clusters[1].name MB3751'] },
  },
  {
    name: 'networkReachability net-a: net-b opens c3 (DNS-named gateway: DNS resolution); failoverPriority orders endpoints by label',
    ref: REF.orgSetting,
    given: [
      tier1(weighted),
      orgSetting({
        networkSettings: { networkReachability: { 'net-a': 'net-b' } },
        failoverSettings: { failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region'] },
      }),
    ],
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: {
      'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1, EP_C2, EP_C3], 'DNS'),
      'xcp-multicluster/DestinationRule/tier1-bookinfo': {
        host: H,
        trafficPolicy: {
          loadBalancer: { localityLbSetting: { enabled: true, failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region'] } },
          outlierDetection: OUTLIER,
          tls: SNI,
        },
      },
    },
  },
  {
    name: 'a named cluster on a network the source may not reach is left out and named (MB3751); the tier-1 cluster itself is never a target (MB3753)',
    ref: `${REF.tier1}; ${REF.orgSetting}`,
    given: [
      tier1({
        ...weighted,
        clusters: [
          { name: 't1', weight: 10 },
          { name: 'c1', weight: 45 },
          { name: 'c3', weight: 45 },
        ],
      }),
    ],
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: { 'edge/VirtualService/tier1-bookinfo': VS({ route: [route('c1', 100)] }) },
    events: { [T1]: ['spec.externalServers[0].clusters[0].name MB3753', 'spec.externalServers[0].clusters[2].name MB3751'] },
  },
  {
    name: 'internal server (mesh traffic over Istio mTLS on 15443) and passthrough server (TLS untouched to the tier-2 passthrough port)',
    ref: REF.tier1,
    given: [
      res(T1, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
        workloadSelector: { namespace: 'edge', labels: { app: 'tier1' } },
        internalServers: [{ name: 'internal', hostname: H, clusters: [{ name: 'c1', weight: 100 }] }],
        passthroughServers: [{ name: 'nginx', port: 8443, hostname: 'nginx.example.com', clusters: [{ name: 'c1', weight: 100 }] }],
      }),
      // c1's bookinfo gateway passes nginx.example.com through on 8443 (what makes c1 expose it).
      res(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', {
        ...ingressGateway(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'bookinfo', [H]).spec,
        tlsPassthrough: [
          { name: 'nginx', port: 8443, hostname: 'nginx.example.com', route: { host: 'bookinfo/nginx.bookinfo.svc.cluster.local', port: 8443 } },
        ],
      }),
    ],
    clusters: onlyIn('c1', (c) =>
      gateways(c, (g) =>
        g.kind === 'ingress' ? { ...g, hostnames: [...g.hostnames, 'nginx.example.com'], ports: [...g.ports, { name: 'tls-nginx', port: 8443 }] } : g,
      ),
    ),
    cluster: 't1',
    exactly: [
      'edge/Gateway/tier1',
      'edge/VirtualService/tier1-internal',
      'edge/VirtualService/tier1-nginx',
      'xcp-multicluster/DestinationRule/tier1-internal',
      'xcp-multicluster/DestinationRule/tier1-nginx',
      'xcp-multicluster/ServiceEntry/tier1-internal',
      'xcp-multicluster/ServiceEntry/tier1-nginx',
    ],
    then: {
      'edge/Gateway/tier1': {
        selector: { app: 'tier1' },
        servers: [
          { hosts: [H], port: { name: 'tls-internal', number: 15443, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } },
          { hosts: ['nginx.example.com'], port: { name: 'tls-nginx', number: 8443, protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' } },
        ],
      },
      'edge/VirtualService/tier1-internal': {
        gateways: ['edge/tier1'],
        hosts: [H],
        http: [{ name: 'internal', route: [{ destination: { host: H, port: { number: 15443 }, subset: 'c1' }, weight: 100 }] }],
      },
      'xcp-multicluster/ServiceEntry/tier1-internal': {
        endpoints: [{ ...EP_C1, ports: { 'http-internal': 15443 } }],
        hosts: [H],
        location: 'MESH_INTERNAL',
        ports: [{ name: 'http-internal', number: 15443, protocol: 'HTTP' }],
        resolution: 'STATIC',
      },
      'xcp-multicluster/DestinationRule/tier1-internal': { host: H, subsets: [subset('c1')], trafficPolicy: { tls: SNI } },
      'edge/VirtualService/tier1-nginx': {
        gateways: ['edge/tier1'],
        hosts: ['nginx.example.com'],
        tls: [
          {
            match: [{ port: 8443, sniHosts: ['nginx.example.com'] }],
            route: [{ destination: { host: 'nginx.example.com', port: { number: 8443 }, subset: 'c1' }, weight: 100 }],
          },
        ],
      },
      'xcp-multicluster/ServiceEntry/tier1-nginx': {
        endpoints: [{ ...EP_C1, ports: { 'tls-nginx': 8443 } }],
        hosts: ['nginx.example.com'],
        location: 'MESH_INTERNAL',
        ports: [{ name: 'tls-nginx', number: 8443, protocol: 'TLS' }],
        resolution: 'STATIC',
      },
      // Passthrough: the client's TLS goes through untouched, so no ISTIO_MUTUAL here.
      'xcp-multicluster/DestinationRule/tier1-nginx': { host: 'nginx.example.com', subsets: [subset('c1')] },
    },
    events: { [T1]: [] },
  },
  {
    name: 'internal server, client side: a cluster that cannot reach the exposing clusters sends the hostname to the tier-1 gateway over Istio mTLS',
    ref: `${REF.tier1}; ${REF.orgSetting}`,
    given: [INTERNAL_T1, orgSetting({ networkSettings: { networkReachability: { 'net-b': 'transit', transit: 'net-a' } } })],
    clusters: TRANSIT_MESH,
    cluster: 'c3',
    exactly: [...BOOKINFO_GW, 'xcp-multicluster/DestinationRule/tier1-internal', 'xcp-multicluster/ServiceEntry/tier1-internal'],
    then: {
      'xcp-multicluster/ServiceEntry/tier1-internal': {
        endpoints: [
          { address: '10.9.0.1', labels: { 'meshbridge.io/cluster': 't1' }, locality: 'us-east', network: 'transit', ports: { 'http-internal': 15443 } },
        ],
        hosts: [H],
        location: 'MESH_INTERNAL',
        ports: [{ name: 'http-internal', number: 80, protocol: 'HTTP' }],
        resolution: 'STATIC',
      },
      'xcp-multicluster/DestinationRule/tier1-internal': { host: H, trafficPolicy: { tls: SNI } },
    },
    events: { [T1]: [] },
  },
  {
    name: 'internal server, client side: a cluster that reaches the exposing clusters directly (or exposes the hostname) gets nothing (TSB: no effect)',
    ref: REF.tier1,
    given: [INTERNAL_T1, orgSetting({ networkSettings: { networkReachability: { 'net-b': 'transit', transit: 'net-a' } } })],
    clusters: TRANSIT_MESH,
    cluster: 'c2',
    exactly: [...BOOKINFO_GW],
    then: {},
    absent: ['xcp-multicluster/ServiceEntry/tier1-internal', 'xcp-multicluster/DestinationRule/tier1-internal'],
  },
  // ---- east-west: three clusters, two networks, net-a may reach net-b but not back (goldens-eastwest.test-data.ts)
  ...EASTWEST_GOLDENS,
  // ---- one hostname, two workspaces
  {
    name: 'a hostname exposed by two workspaces in one cluster: the smaller FQN (bookinfo) keeps it, shop loses that server there (MB3752)',
    ref: REF.ingress,
    given: SHOP_TREE,
    cluster: 'c1',
    exactly: [...BOOKINFO_GW, 'shop/Gateway/shop-gw', 'shop/VirtualService/shop-gw-shop'],
    then: {
      'shop/Gateway/shop-gw': {
        selector: { app: 'shop-gw' },
        servers: [
          { hosts: ['shop.example.com'], port: { name: 'https-shop', number: 443, protocol: 'HTTPS' }, tls: { credentialName: 'shop-cert', mode: 'SIMPLE' } },
        ],
      },
      'bookinfo/VirtualService/bookinfo-gw-bookinfo': {
        gateways: ['bookinfo/bookinfo-gw'],
        hosts: [H],
        http: [{ name: 'bookinfo-0', route: [{ destination: { host: 'bookinfo.bookinfo.svc.cluster.local', port: { number: 9080 } } }] }],
      },
    },
    absent: ['shop/VirtualService/shop-gw-bookinfo'],
    annotated: {
      'shop/Gateway/shop-gw': `hostname ${H} is exposed in c1 by ${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw (another workspace); not served here [MB3752]`,
    },
    events: { [`${SHOP}/gatewaygroups/gw/ingressgateways/shop-gw`]: ['spec.http[0].hostname MB3752'] },
  },
  {
    name: 'the same hostname exposed by two workspaces in different clusters is one global hostname: the tier-1 routes to both',
    ref: `${REF.tier1}; ${REF.ingress}`,
    given: [...SHOP_TREE, tier1(weighted), orgSetting({ networkSettings: { networkReachability: { 'net-a': 'net-b' } } })],
    clusters: mesh((c) =>
      c.name === 'c2'
        ? { ...c, gateways: [] }
        : c.name === 'c3'
          ? gateways({ ...c, namespaces: ['eastwest', 'shop'] }, (g) => (g.kind === 'ingress' ? { ...g, namespace: 'shop', name: 'shop-gw' } : g))
          : c,
    ),
    cluster: 't1',
    exactly: [...TIER1_ROUTED],
    then: { 'xcp-multicluster/ServiceEntry/tier1-bookinfo': SE([EP_C1, EP_C3], 'DNS') },
    events: { [`${SHOP}/gatewaygroups/gw/ingressgateways/shop-gw`]: ['spec.http[0].hostname MB3752'], [T1]: [] },
  },
];

export { EDGE, ORG };
