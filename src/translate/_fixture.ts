// Test fixture: a TSB-shaped tenant with one workspace and BRIDGED/DIRECT groups over three clusters.
import type { ClusterInfo, ConfigResource } from './model.js';

const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/prod/workspaces/bookinfo`;

function r(fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): ConfigResource {
  return { fqn, apiVersion, kind, name: fqn.split('/').pop() ?? '', metadata, spec };
}

/** Three clusters: c1 and c2 run bookinfo, only c1 has `shared`, c3 has neither. */
export const CLUSTERS: ClusterInfo[] = [
  { name: 'c1', namespaces: ['bookinfo', 'shared', 'kube-system'], services: [{ namespace: 'bookinfo', name: 'reviews' }] },
  { name: 'c2', namespaces: ['bookinfo', 'kube-system'], trustDomain: 'c2.example' },
  { name: 'c3', namespaces: ['other', 'kube-system'] },
];

/** The configuration, in FQN order. */
export function fixture(): ConfigResource[] {
  return [
    r(ORG, 'api.tsb.tetrate.io/v2', 'Organization', {}),
    r(`${ORG}/clusters/c1`, 'api.tsb.tetrate.io/v2', 'Cluster', {}),
    r(`${ORG}/clusters/c2`, 'api.tsb.tetrate.io/v2', 'Cluster', {}),
    r(`${ORG}/clusters/c3`, 'api.tsb.tetrate.io/v2', 'Cluster', {}),
    r(`${ORG}/tenants/prod`, 'api.tsb.tetrate.io/v2', 'Tenant', {}),
    r(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/bookinfo', 'c1/shared'] } }),
    r(`${WS}/gatewaygroups/gw`, 'gateway.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo'] }, configMode: 'BRIDGED' }),
    r(`${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', {
      workloadSelector: { namespace: 'bookinfo', labels: { app: 'bookinfo-gateway' } },
      http: [
        {
          name: 'bookinfo',
          port: 443,
          hostname: 'bookinfo.example.com',
          tls: { mode: 'SIMPLE', secretName: 'bookinfo-certs' },
          routing: {
            rules: [
              {
                match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: 'true' } } }],
                route: { host: 'bookinfo/productpage.bookinfo.svc.cluster.local', port: 9080 },
              },
              { match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', redirectCode: 301 } },
              { match: [{ uri: { exact: '/health' } }], directResponse: { status: 200, body: { string: 'ok' } } },
              { route: { host: 'bookinfo/productpage.bookinfo.svc.cluster.local', port: 9080 } },
            ],
          },
        },
        {
          name: 'admin',
          port: 8443,
          hostname: 'admin.example.com',
          tls: { mode: 'MUTUAL', secretName: 'admin-certs' },
          routing: { rules: [{ route: { host: 'bookinfo/admin.bookinfo.svc.cluster.local', port: 8080 } }] },
        },
      ],
    }),
    r(`${WS}/gatewaygroups/gw/tier1gateways/edge`, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
      workloadSelector: { namespace: 'bookinfo', labels: { app: 'tier1' } },
      externalServers: [
        {
          name: 'edge',
          hostname: 'edge.example.com',
          port: 80,
          clusters: [
            { name: 'c1', weight: 75 },
            { name: 'c2', weight: 25 },
          ],
        },
      ],
    }),
    r(`${WS}/securitygroups/sec`, 'security.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo', 'c1/shared'] }, configMode: 'BRIDGED' }),
    r(`${WS}/securitygroups/sec/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', {
      authenticationSettings: { trafficMode: 'REQUIRED' },
      authorization: { mode: 'WORKSPACE' },
    }),
    r(`${WS}/trafficgroups/traffic`, 'traffic.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/bookinfo'] }, configMode: 'BRIDGED' }),
    r(`${WS}/trafficgroups/traffic/settings/default`, 'traffic.tsb.tetrate.io/v2', 'TrafficSetting', {
      reachability: { mode: 'GROUP' },
      resilience: { httpRetries: { attempts: 3, perTryTimeout: '2s' }, circuitBreakerSensitivity: 'MEDIUM', httpRequestTimeout: '1s', tcpKeepalive: true },
    }),
    r(`${WS}/trafficgroups/traffic/serviceroutes/reviews`, 'traffic.tsb.tetrate.io/v2', 'ServiceRoute', {
      service: 'bookinfo/reviews.bookinfo.svc.cluster.local',
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, weight: 80 },
        { name: 'v2', labels: { version: 'v2' }, weight: 20 },
      ],
    }),
    r(`${WS}/trafficgroups/direct`, 'traffic.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['c1/shared'] }, configMode: 'DIRECT' }),
    r(
      `${WS}/trafficgroups/direct/virtualservices/ratings`,
      'networking.istio.io/v1',
      'VirtualService',
      {
        hosts: ['ratings.shared.svc.cluster.local'],
        http: [{ route: [{ destination: { host: 'ratings.shared.svc.cluster.local' } }], timeout: '3s' }],
      },
      { namespace: 'shared' },
    ),
  ];
}

export const WORKSPACE_FQN = WS;
