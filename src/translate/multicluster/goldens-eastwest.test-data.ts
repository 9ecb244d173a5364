// The cross-cluster east-west goldens (issue #17): three clusters on two networks, net-a may reach
// net-b but not back; failover from the settings. Included in GOLDENS by goldens-cases.test-data.ts.
import { BOOKINFO_GW, OUTLIER, REF, WS, gateways, onlyIn, orgSetting, wsSetting, type Golden } from './goldens.test-data.js';

// East-west: every service of bookinfo exposed through eastwest/eastwest-gateway; net-a may reach net-b (not back).
const EW_SETTING = wsSetting({ defaultEastWestGatewaySettings: [{ workloadSelector: { namespace: 'eastwest', labels: { app: 'eastwest-gateway' } } }] });
const EW_ORG = orgSetting({
  networkSettings: { networkReachability: { 'net-a': 'net-b' } },
  failoverSettings: { regionalFailover: [{ from: 'us-west', to: 'us-east' }] },
});
const ewEndpoint = (c: string, address: string, locality: string, network: string, port = 15443): Record<string, unknown> => ({
  address,
  labels: { 'meshbridge.io/cluster': c },
  locality,
  network,
  ports: { http: port },
});
const ewEntry = (host: string, endpoints: Record<string, unknown>[], resolution = 'DNS'): Record<string, unknown> => ({
  endpoints,
  hosts: [host],
  location: 'MESH_INTERNAL',
  ports: [{ name: 'http', number: 9080, protocol: 'HTTP' }],
  resolution,
});
const ewRule = (host: string, failover: { from: string; to: string }[]): Record<string, unknown> => ({
  host,
  trafficPolicy: { loadBalancer: { localityLbSetting: { enabled: true, failover } }, outlierDetection: OUTLIER, tls: { mode: 'ISTIO_MUTUAL' } },
});
const ewGateway = (hosts: string[]): Record<string, unknown> => ({
  selector: { app: 'eastwest-gateway' },
  servers: [{ hosts, port: { name: 'tls-eastwest', number: 15443, protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' } }],
});
const DETAILS = 'details.bookinfo.svc.cluster.local';
const RATINGS = 'ratings.bookinfo.svc.cluster.local';
const PRODUCTPAGE = 'productpage.bookinfo.svc.cluster.local';

export const EASTWEST_GOLDENS: readonly Golden[] = [
  {
    name: 'east-west, consumer c2 (net-a, us-west): details from c1 and c3 with failover us-west → us-east, ratings from c3; productpage runs here',
    ref: `${REF.eastWest}; ${REF.orgSetting}`,
    given: [EW_SETTING, EW_ORG],
    cluster: 'c2',
    exactly: [
      ...BOOKINFO_GW,
      'eastwest/Gateway/bookinfo-eastwest',
      'xcp-multicluster/DestinationRule/details-bookinfo',
      'xcp-multicluster/DestinationRule/ratings-bookinfo',
      'xcp-multicluster/ServiceEntry/details-bookinfo',
      'xcp-multicluster/ServiceEntry/ratings-bookinfo',
    ],
    then: {
      'xcp-multicluster/ServiceEntry/details-bookinfo': ewEntry(DETAILS, [
        ewEndpoint('c1', '10.1.0.20', 'us-east', 'net-a'),
        ewEndpoint('c3', 'ew.c3.example.net', 'eu-west', 'net-b'),
      ]),
      'xcp-multicluster/DestinationRule/details-bookinfo': ewRule(DETAILS, [{ from: 'us-west', to: 'us-east' }]),
      'xcp-multicluster/ServiceEntry/ratings-bookinfo': ewEntry(RATINGS, [ewEndpoint('c3', 'ew.c3.example.net', 'eu-west', 'net-b')]),
      'eastwest/Gateway/bookinfo-eastwest': ewGateway([PRODUCTPAGE]),
    },
    absent: ['xcp-multicluster/ServiceEntry/productpage-bookinfo'],
    events: { [`${WS}/settings/default`]: [] },
  },
  {
    name: 'east-west, c3 (net-b): runs details and ratings itself and may not reach net-a, so it gets no ServiceEntry; its gateway exposes both',
    ref: `${REF.eastWest}; ${REF.orgSetting}`,
    given: [EW_SETTING, EW_ORG],
    cluster: 'c3',
    exactly: [...BOOKINFO_GW, 'eastwest/Gateway/bookinfo-eastwest'],
    then: { 'eastwest/Gateway/bookinfo-eastwest': ewGateway([DETAILS, RATINGS]) },
    absent: [
      'xcp-multicluster/ServiceEntry/productpage-bookinfo',
      'xcp-multicluster/ServiceEntry/details-bookinfo',
      'xcp-multicluster/ServiceEntry/ratings-bookinfo',
    ],
  },
  {
    name: "east-west, c1 (net-a, us-east): ratings from c3 through the rule; the WorkspaceSetting's regionalFailover overrides the organization's",
    ref: `${REF.eastWest}; ${REF.orgSetting}`,
    given: [wsSetting({ ...EW_SETTING.spec, regionalFailover: [{ from: 'us-east', to: 'eu-west' }] }), EW_ORG],
    cluster: 'c1',
    exactly: [
      ...BOOKINFO_GW,
      'eastwest/Gateway/bookinfo-eastwest',
      'xcp-multicluster/DestinationRule/ratings-bookinfo',
      'xcp-multicluster/ServiceEntry/ratings-bookinfo',
    ],
    then: {
      'xcp-multicluster/ServiceEntry/ratings-bookinfo': ewEntry(RATINGS, [ewEndpoint('c3', 'ew.c3.example.net', 'eu-west', 'net-b')]),
      'xcp-multicluster/DestinationRule/ratings-bookinfo': ewRule(RATINGS, [{ from: 'us-east', to: 'eu-west' }]),
      'eastwest/Gateway/bookinfo-eastwest': ewGateway([DETAILS, PRODUCTPAGE]),
    },
    absent: ['xcp-multicluster/ServiceEntry/details-bookinfo', 'xcp-multicluster/ServiceEntry/productpage-bookinfo'],
  },
  {
    name: "east-west, c1: the OrganizationSetting's older top-level regionalFailover applies when it has no failoverSettings",
    ref: `${REF.eastWest}; ${REF.orgSetting}`,
    given: [EW_SETTING, orgSetting({ networkSettings: EW_ORG.spec.networkSettings, regionalFailover: [{ from: 'us-east', to: 'eu-west' }] })],
    cluster: 'c1',
    exactly: [
      ...BOOKINFO_GW,
      'eastwest/Gateway/bookinfo-eastwest',
      'xcp-multicluster/DestinationRule/ratings-bookinfo',
      'xcp-multicluster/ServiceEntry/ratings-bookinfo',
    ],
    then: {
      'xcp-multicluster/ServiceEntry/ratings-bookinfo': ewEntry(RATINGS, [ewEndpoint('c3', 'ew.c3.example.net', 'eu-west', 'net-b')]),
      'xcp-multicluster/DestinationRule/ratings-bookinfo': ewRule(RATINGS, [{ from: 'us-east', to: 'eu-west' }]),
    },
  },
  {
    name: "east-west, c3's east-west gateway goes away: c2 keeps details through c1 only and loses ratings; the setting's status names it (MB3755)",
    ref: REF.eastWest,
    given: [EW_SETTING, EW_ORG],
    clusters: onlyIn('c3', (c) => gateways(c, (g) => (g.kind === 'eastwest' ? undefined : g))),
    cluster: 'c2',
    exactly: [
      ...BOOKINFO_GW,
      'eastwest/Gateway/bookinfo-eastwest',
      'xcp-multicluster/DestinationRule/details-bookinfo',
      'xcp-multicluster/ServiceEntry/details-bookinfo',
    ],
    then: { 'xcp-multicluster/ServiceEntry/details-bookinfo': ewEntry(DETAILS, [ewEndpoint('c1', '10.1.0.20', 'us-east', 'net-a')], 'STATIC') },
    absent: ['xcp-multicluster/ServiceEntry/ratings-bookinfo', 'xcp-multicluster/DestinationRule/ratings-bookinfo'],
    events: { [`${WS}/settings/default`]: ['spec.defaultEastWestGatewaySettings MB3755'] },
  },
];
