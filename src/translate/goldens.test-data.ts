/**
 * Goldens for issue #18: GIVEN a TSB configuration over two clusters, WHEN translated for one
 * cluster, THEN these Istio objects (exact spec) exist and those do not. Each case cites the TSB
 * reference it follows. Shared by goldens.test.ts (unit), field-coverage.test.ts (every schema
 * field exercised here or declared unsupported) and test/clusters/translation.test.ts (the same
 * objects appear in the agents' sinks).
 */
import type { ClusterInfo, ConfigResource } from './model.js';
import { RESILIENCE_GOLDENS } from './goldens-resilience.test-data.js';
import { STRICTER_GOLDENS } from './goldens-stricter.test-data.js';
import { MATCH_GOLDENS } from './goldens-match.test-data.js';
import { PROFILE_GOLDENS } from './goldens-profile.test-data.js';

export const ORG = 'organizations/tetrate';
export const TENANT = `${ORG}/tenants/prod`;
export const WS = `${TENANT}/workspaces/bookinfo`;
export const SEC = `${WS}/securitygroups/sec`;
export const TRAFFIC = `${WS}/trafficgroups/traffic`;
export const GW = `${WS}/gatewaygroups/gw`;

const REF = {
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

type Spec = Record<string, unknown>;

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

const ss = (spec: Spec, name = 'default'): ConfigResource => res(`${SEC}/settings/${name}`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', spec);
const ts = (spec: Spec, name = 'default'): ConfigResource => res(`${TRAFFIC}/settings/${name}`, 'traffic.tsb.tetrate.io/v2', 'TrafficSetting', spec);
const ALLOW_NS = (namespaces: string[]): Spec => ({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces } }] }] });

export const GOLDENS: readonly Golden[] = [
  // ---- authorization modes (fail closed, identities from facts, mesh-wide namespaces)
  {
    name: 'NAMESPACE authorization allows the namespace itself',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'NAMESPACE' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']) },
  },
  {
    name: "GROUP authorization names the group's namespaces in EVERY cluster it spans (reviews lives only in c2)",
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'GROUP' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews']) },
  },
  {
    name: "WORKSPACE authorization names the workspace's namespaces in every cluster (shared lives only in c1)",
    ref: REF.security,
    cluster: 'c2',
    given: [ss({ authorization: { mode: 'WORKSPACE' } })],
    then: {
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews', 'shared']),
      'reviews/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews', 'shared']),
    },
  },
  {
    name: 'CLUSTER authorization uses the trust domain the cluster reports',
    ref: REF.security,
    cluster: 'c2',
    given: [ss({ authorization: { mode: 'CLUSTER' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': { action: 'ALLOW', rules: [{ from: [{ source: { principals: ['c2.example/*'] } }] }] } },
  },
  {
    name: 'CLUSTER authorization without a known trust domain denies every caller (no invented <cluster>.tsb.local)',
    ref: REF.security,
    cluster: 'c1',
    alone: {},
    given: [ss({ authorization: { mode: 'CLUSTER' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': { action: 'ALLOW' } },
    annotated: { 'bookinfo/AuthorizationPolicy/sec-default': 'trust domain of cluster c1 is unknown' },
  },
  {
    name: 'CUSTOM authorization allows exactly the listed service accounts as SPIFFE principals of every reported trust domain',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'CUSTOM', serviceAccounts: ['./*', 'reviews/reviews-sa', 'shared/*'] } })],
    then: {
      'bookinfo/AuthorizationPolicy/sec-default': {
        action: 'ALLOW',
        rules: [
          { from: [{ source: { principals: ['c1.example/ns/reviews/sa/reviews-sa', 'c2.example/ns/reviews/sa/reviews-sa'] } }] },
          { from: [{ source: { namespaces: ['bookinfo', 'shared'] } }] },
        ],
      },
    },
    absent: ['bookinfo/AuthorizationPolicy/sec-default-fail-closed'],
  },
  {
    name: 'CUSTOM authorization with no service accounts allows nothing (never a bare allow-all)',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authentication: 'REQUIRED', authorization: { mode: 'CUSTOM' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': { action: 'ALLOW' }, 'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'STRICT' } } },
  },
  {
    name: 'RULES resolve a source group that lives in another cluster; deny rules add a DENY policy',
    ref: REF.security,
    cluster: 'c1',
    given: [
      res(`${WS}/securitygroups/rev`, 'security.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['c2/reviews'] }, configMode: 'DIRECT' }),
      ss({
        authorization: {
          mode: 'RULES',
          rules: { allow: [{ from: { fqn: `${WS}/securitygroups/rev` }, to: { fqn: SEC } }], deny: [{ from: { fqn: TRAFFIC }, to: { fqn: SEC } }] },
        },
      }),
    ],
    then: {
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['reviews']),
      'bookinfo/AuthorizationPolicy/sec-default-deny': { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }] },
    },
  },
  {
    name: 'RULES deny naming an FQN that does not exist fails closed',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'RULES', rules: { deny: [{ from: { fqn: `${WS}/securitygroups/typo` }, to: { fqn: SEC } }] } } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': { action: 'DENY', rules: [{}] } },
    annotated: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': 'does not exist' },
  },
  {
    name: 'RULES denyAll denies everything',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'RULES', rules: { denyAll: true } } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': { action: 'DENY', rules: [{}] } },
  },
  {
    name: 'DISABLED authorization writes no policy',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authorization: { mode: 'DISABLED' } })],
    then: {},
    absent: ['bookinfo/AuthorizationPolicy/sec-default'],
  },
  // ---- authentication
  {
    name: 'legacy authentication: REQUIRED yields PeerAuthentication STRICT',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authentication: 'REQUIRED' })],
    then: { 'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'STRICT' } } },
  },
  {
    name: 'authenticationSettings.trafficMode OPTIONAL yields PERMISSIVE',
    ref: REF.security,
    cluster: 'c1',
    given: [ss({ authenticationSettings: { trafficMode: 'OPTIONAL' } })],
    then: { 'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'PERMISSIVE' } } },
  },
  {
    name: 'JWT rules yield a RequestAuthentication; requireJwt a DENY for requests without a request principal',
    ref: REF.security,
    cluster: 'c1',
    given: [
      ss({
        authenticationSettings: {
          http: {
            jwt: {
              issuer: 'https://idp.example',
              jwksUri: 'https://idp.example/jwks',
              audiences: ['bookinfo'],
              fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
              fromCookies: ['session'],
              outputPayloadToHeader: 'x-payload',
              outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }],
            },
            rules: { jwt: [{ issuer: 'https://other.example', jwks: '{"keys":[]}' }] },
            requireJwt: true,
          },
        },
        propagationStrategy: 'REPLACE',
        configGenerationMetadata: { labels: { team: 'payments' }, annotations: { owner: 'alice' } },
      }),
    ],
    then: {
      'bookinfo/RequestAuthentication/sec-default': {
        jwtRules: [
          {
            audiences: ['bookinfo'],
            fromCookies: ['session'],
            fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
            issuer: 'https://idp.example',
            jwksUri: 'https://idp.example/jwks',
            outputClaimToHeaders: [{ claim: 'sub', header: 'x-sub' }],
            outputPayloadToHeader: 'x-payload',
          },
          { issuer: 'https://other.example', jwks: '{"keys":[]}' },
        ],
      },
      'bookinfo/AuthorizationPolicy/sec-default-require-jwt': { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] },
    },
    labelled: { 'bookinfo/RequestAuthentication/sec-default': { team: 'payments', 'app.kubernetes.io/managed-by': 'meshbridge' } },
  },
  {
    name: 'external authorization yields action CUSTOM with the provider the ControlPlane must declare',
    ref: REF.security,
    cluster: 'c1',
    given: [
      ss({
        authorization: {
          mode: 'GROUP',
          http: {
            external: {
              uri: 'grpc://authz.shared.svc.cluster.local:9000',
              includeRequestHeaders: ['x-user'],
              allowedUpstreamHeaders: ['x-authz-*'],
              pathPrefix: '/check',
            },
          },
        },
      }),
    ],
    then: {
      'bookinfo/AuthorizationPolicy/sec-default-ext-authz': { action: 'CUSTOM', provider: { name: 'meshbridge-ext-authz-18a66cf0' }, rules: [{}] },
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews']),
    },
  },
  {
    name: 'security fields that cannot be enforced (WAF, OIDC, local HTTP rules) deny with the reason',
    ref: REF.security,
    cluster: 'c1',
    given: [
      ss({
        waf: { rules: ['SecRuleEngine On'] },
        authenticationSettings: { http: { oidc: { clientId: 'x' } } },
        authorization: { mode: 'NAMESPACE', identityMatch: 'PEER_CERTIFICATE', http: { local: { rules: [{ name: 'r' }] } } },
        extension: [{ fqn: 'x' }],
        egress: { x: 1 },
      }),
    ],
    then: {
      'bookinfo/AuthorizationPolicy/sec-default-fail-closed': { action: 'DENY', rules: [{}] },
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']),
    },
    annotated: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': 'spec.waf' },
  },
  // ---- inheritance
  {
    name: 'OrganizationSetting defaults reach a group without its own setting and the workspace namespaces no group selects',
    ref: REF.settings,
    cluster: 'c1',
    given: [
      res(`${ORG}/settings/default`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', {
        defaultSecuritySetting: { authenticationSettings: { trafficMode: 'REQUIRED' }, authorization: { mode: 'WORKSPACE' } },
      }),
    ],
    then: {
      'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'STRICT' } },
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews', 'shared']),
      'shared/PeerAuthentication/bookinfo-default': { mtls: { mode: 'STRICT' } },
      'shared/AuthorizationPolicy/bookinfo-default': ALLOW_NS(['bookinfo', 'reviews', 'shared']),
    },
  },
  {
    name: 'REPLACE: a group setting replaces the tenant default property by property',
    ref: REF.settings,
    cluster: 'c1',
    given: [
      res(`${TENANT}/settings/default`, 'api.tsb.tetrate.io/v2', 'TenantSetting', {
        defaultSecuritySetting: { authenticationSettings: { trafficMode: 'REQUIRED' }, authorization: { mode: 'GROUP' } },
      }),
      ss({ authenticationSettings: { trafficMode: 'OPTIONAL' } }),
    ],
    then: {
      'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'PERMISSIVE' } },
      'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews']),
    },
  },
  {
    name: "STRICTER: CUSTOM accounts only narrow; a group's NAMESPACE under an inherited CUSTOM applies both (the accounts, from the same namespace only)",
    ref: REF.settings,
    cluster: 'c1',
    given: [
      res(`${ORG}/settings/default`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', {
        defaultSecuritySetting: {
          propagationStrategy: 'STRICTER',
          authenticationSettings: { trafficMode: 'REQUIRED' },
          authorization: { mode: 'CUSTOM', serviceAccounts: ['bookinfo/*'] },
        },
      }),
      res(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', {
        defaultSecuritySetting: { propagationStrategy: 'REPLACE', authorization: { mode: 'CUSTOM', serviceAccounts: ['bookinfo/web-sa', 'other/*'] } },
      }),
      ss({ authenticationSettings: { trafficMode: 'OPTIONAL' }, authorization: { mode: 'NAMESPACE' } }),
    ],
    then: {
      'bookinfo/PeerAuthentication/sec-default': { mtls: { mode: 'STRICT' } },
      'bookinfo/AuthorizationPolicy/sec-default': {
        action: 'ALLOW',
        rules: [{ from: [{ source: { namespaces: ['bookinfo'], principals: ['c1.example/ns/bookinfo/sa/web-sa', 'c2.example/ns/bookinfo/sa/web-sa'] } }] }],
      },
    },
    annotated: { 'bookinfo/AuthorizationPolicy/sec-default': 'the inherited CUSTOM sources apply, restricted to NAMESPACE (both must allow) [MB3071]' },
  },
  // ---- traffic
  {
    name: "older resilience: retries and request timeout become VirtualService retries/timeout on the group's OUTBOUND calls (not maxRetries / connectTimeout)",
    ref: REF.traffic,
    cluster: 'c1',
    given: [
      ts({
        configGenerationMetadata: { labels: { tier: 'web' }, annotations: { note: 'x' } },
        reachability: { mode: 'GROUP' },
        resilience: {
          httpRetries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
          httpRequestTimeout: '10s',
          circuitBreakerSensitivity: 'HIGH',
          keepAlive: { tcp: { probes: 3, time: '60s', interval: '10s' } },
        },
      }),
    ],
    then: {
      'bookinfo/Sidecar/traffic-default': { egress: [{ hosts: ['bookinfo/*', 'istio-system/*', 'xcp-multicluster/*'] }] },
      'bookinfo/VirtualService/traffic-default-reviews-reviews-svc-cluster-local': {
        exportTo: ['.'],
        hosts: ['reviews.reviews.svc.cluster.local'],
        http: [
          {
            name: 'default',
            retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
            route: [{ destination: { host: 'reviews.reviews.svc.cluster.local' } }],
            timeout: '10s',
          },
        ],
      },
      'bookinfo/DestinationRule/traffic-default-all': {
        exportTo: ['.'],
        host: '*',
        trafficPolicy: {
          connectionPool: { tcp: { tcpKeepalive: { interval: '10s', probes: 3, time: '60s' } } },
          outlierDetection: { baseEjectionTime: '30s', consecutive5xxErrors: 5, interval: '5s' },
        },
      },
    },
  },
  {
    name: 'outbound.upstreamTrafficSettings: per-host connection pool, load balancing and circuit breaking in a DestinationRule, retries for the matching services only',
    ref: REF.traffic,
    cluster: 'c1',
    given: [
      ts({
        outbound: {
          reachability: { mode: 'CUSTOM', hosts: ['bookinfo/*', 'reviews/*'] },
          upstreamTrafficSettings: [
            {
              hosts: ['reviews/*'],
              settings: {
                loadBalancer: { simple: 'ROUND_ROBIN' },
                resilience: {
                  circuitBreakerSensitivity: 'LOW',
                  connectionPool: {
                    http: {
                      maxRequests: 100,
                      maxRequestsPerConnection: 10,
                      requestTimeout: '3s',
                      retries: { attempts: 2, perTryTimeout: '1s', retryOn: 'connect-failure' },
                    },
                    tcp: { connectTimeout: '1s', maxConnections: 50, keepAlive: { probes: { value: 5 }, idleTime: { value: 30 }, interval: 10 } },
                  },
                },
              },
            },
          ],
        },
      }),
    ],
    then: {
      'bookinfo/Sidecar/traffic-default': { egress: [{ hosts: ['bookinfo/*', 'reviews/*', 'xcp-multicluster/*'] }] },
      'bookinfo/DestinationRule/traffic-default-reviews-svc-cluster-local': {
        exportTo: ['.'],
        host: '*.reviews.svc.cluster.local',
        trafficPolicy: {
          connectionPool: {
            http: { http2MaxRequests: 100, maxRequestsPerConnection: 10 },
            tcp: { connectTimeout: '1s', maxConnections: 50, tcpKeepalive: { interval: '10s', probes: 5, time: '30s' } },
          },
          loadBalancer: { simple: 'ROUND_ROBIN' },
          outlierDetection: { baseEjectionTime: '30s', consecutive5xxErrors: 20, interval: '30s' },
        },
      },
      'bookinfo/VirtualService/traffic-default-reviews-reviews-svc-cluster-local': {
        exportTo: ['.'],
        hosts: ['reviews.reviews.svc.cluster.local'],
        http: [
          {
            name: 'default',
            retries: { attempts: 2, perTryTimeout: '1s', retryOn: 'connect-failure' },
            route: [{ destination: { host: 'reviews.reviews.svc.cluster.local' } }],
            timeout: '3s',
          },
        ],
      },
    },
    absent: ['bookinfo/VirtualService/traffic-default-productpage-bookinfo-svc-cluster-local'],
  },
  {
    name: 'deprecated top-level upstreamTrafficSettings and a WorkspaceSetting default for a group without a TrafficSetting',
    ref: REF.traffic,
    cluster: 'c2',
    given: [
      res(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', {
        defaultTrafficSetting: {
          reachability: { mode: 'NAMESPACE' },
          upstreamTrafficSettings: [
            { hosts: ['productpage.bookinfo.svc.cluster.local'], settings: { resilience: { connectionPool: { http: { requestTimeout: '5s' } } } } },
          ],
        },
      }),
    ],
    then: {
      'bookinfo/Sidecar/traffic-default': { egress: [{ hosts: ['./*', 'istio-system/*', 'xcp-multicluster/*'] }] },
      'reviews/Sidecar/bookinfo-default': { egress: [{ hosts: ['./*', 'istio-system/*', 'xcp-multicluster/*'] }] },
      'bookinfo/VirtualService/traffic-default-productpage-bookinfo-svc-cluster-local': {
        exportTo: ['.'],
        hosts: ['productpage.bookinfo.svc.cluster.local'],
        http: [{ name: 'default', route: [{ destination: { host: 'productpage.bookinfo.svc.cluster.local' } }], timeout: '5s' }],
      },
    },
  },
  // ---- gateways
  {
    name: 'IngressGateway authentication and external authorization apply to the gateway workload (per server: to its hostname)',
    ref: REF.ingress,
    cluster: 'c1',
    given: [
      res(`${GW}/ingressgateways/gw`, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', {
        workloadSelector: { namespace: 'bookinfo', labels: { app: 'gw' } },
        configGenerationMetadata: { labels: { edge: 'true' }, annotations: { a: 'b' } },
        authentication: { jwt: { issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' } },
        authorization: { external: { uri: 'http://authz.shared:8080' } },
        http: [
          {
            name: 'api',
            port: 443,
            hostname: 'api.example.com',
            tls: { mode: 'SIMPLE', secretName: 'api-cert', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3' },
            authentication: { rules: { jwt: [{ issuer: 'https://api-idp.example' }] }, requireJwt: { value: true } },
            routing: {
              rules: [
                {
                  match: [{ uri: { prefix: '/' } }],
                  modify: { rewrite: { uri: '/v1' }, headers: { request: { set: { 'x-a': 'b' } } } },
                  route: { host: 'bookinfo/productpage.bookinfo.svc.cluster.local', port: 9080 },
                },
                { redirect: { authority: 'new.example.com', port: 443, redirectCode: 301, scheme: 'https', uri: '/' } },
                { directResponse: { status: 404 } },
              ],
            },
          },
        ],
        tcp: [
          {
            name: 'db',
            port: 5432,
            hostname: 'db.example.com',
            tls: { mode: 'SIMPLE', secretName: 'db-cert', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3' },
            route: { host: 'shared/db.shared.svc.cluster.local', port: 5432 },
          },
        ],
        tlsPassthrough: [{ name: 'pt', port: 8443, hostname: 'pt.example.com', route: { host: 'bookinfo/pt.bookinfo.svc.cluster.local', port: 8443 } }],
      }),
    ],
    then: {
      'bookinfo/RequestAuthentication/gw': {
        jwtRules: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' }],
        selector: { matchLabels: { app: 'gw' } },
      },
      'bookinfo/AuthorizationPolicy/gw-ext-authz': {
        action: 'CUSTOM',
        provider: { name: 'meshbridge-ext-authz-dbaa32c6' },
        rules: [{}],
        selector: { matchLabels: { app: 'gw' } },
      },
      'bookinfo/RequestAuthentication/gw-api': { jwtRules: [{ issuer: 'https://api-idp.example' }], selector: { matchLabels: { app: 'gw' } } },
      'bookinfo/AuthorizationPolicy/gw-api-require-jwt': {
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { hosts: ['api.example.com'] } }] }],
        selector: { matchLabels: { app: 'gw' } },
      },
    },
    labelled: { 'bookinfo/Gateway/gw': { edge: 'true' } },
  },
  {
    name: 'Tier1Gateway: a cluster that does not exist is not weighted; none existing answers 503',
    ref: REF.tier1,
    cluster: 'c1',
    given: [
      res(`${GW}/tier1gateways/t1`, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
        workloadSelector: { namespace: 'bookinfo', labels: { app: 't1' } },
        configGenerationMetadata: { labels: { t1: 'yes' }, annotations: { a: 'b' } },
        externalServers: [
          {
            name: 'a',
            port: 443,
            hostname: 'a.example.com',
            tls: { mode: 'SIMPLE', secretName: 'a-cert', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3' },
            clusters: [
              { name: 'c2', weight: 50 },
              { name: 'ghost', weight: 50 },
            ],
          },
          { name: 'b', port: 80, hostname: 'b.example.com', clusters: [{ name: 'ghost' }] },
        ],
      }),
    ],
    then: {
      // c2 exists but reports no ingress gateway exposing a.example.com: left out too (issue #17;
      // routing to reported gateways is shown in multicluster/goldens.test-data.ts).
      'bookinfo/VirtualService/t1-a': {
        gateways: ['bookinfo/t1'],
        hosts: ['a.example.com'],
        http: [{ directResponse: { body: { string: 'no target cluster exposes this hostname' }, status: 503 }, name: 'a' }],
      },
      'bookinfo/VirtualService/t1-b': {
        gateways: ['bookinfo/t1'],
        hosts: ['b.example.com'],
        http: [{ directResponse: { body: { string: 'no target cluster exposes this hostname' }, status: 503 }, name: 'b' }],
      },
    },
    annotated: { 'bookinfo/VirtualService/t1-a': 'clusters ghost do not exist' },
    labelled: { 'bookinfo/Gateway/t1': { t1: 'yes' } },
  },
  {
    name: 'ServiceRoute httpRoutes become named, matched, weighted routes to subsets',
    ref: 'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/traffic/v2/service_route (terraform-provider-tsb docs/resources/traffic_service_route.md)',
    cluster: 'c2',
    given: [
      res(`${TRAFFIC}/serviceroutes/productpage`, 'traffic.tsb.tetrate.io/v2', 'ServiceRoute', {
        service: 'bookinfo/productpage.bookinfo.svc.cluster.local',
        configGenerationMetadata: { labels: { sr: 'yes' }, annotations: { a: 'b' } },
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, weight: 90 },
          { name: 'v2', labels: { version: 'v2' }, weight: 10 },
        ],
        httpRoutes: [{ name: 'canary', match: [{ headers: { 'x-canary': { exact: 'true' } } }], destination: [{ subset: 'v2', weight: 100, port: 9080 }] }],
      }),
    ],
    then: {
      'bookinfo/VirtualService/productpage': {
        hosts: ['productpage.bookinfo.svc.cluster.local'],
        http: [
          {
            match: [{ headers: { 'x-canary': { exact: 'true' } } }],
            name: 'canary',
            route: [{ destination: { host: 'productpage.bookinfo.svc.cluster.local', port: { number: 9080 }, subset: 'v2' }, weight: 100 }],
          },
          {
            name: 'default',
            route: [
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 90 },
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 10 },
            ],
          },
        ],
      },
      'bookinfo/DestinationRule/productpage': {
        host: 'productpage.bookinfo.svc.cluster.local',
        subsets: [
          { labels: { version: 'v1' }, name: 'v1' },
          { labels: { version: 'v2' }, name: 'v2' },
        ],
      },
    },
    labelled: { 'bookinfo/VirtualService/productpage': { sr: 'yes' } },
  },
  // ---- resilience and egress (goldens-resilience.test-data.ts)
  ...RESILIENCE_GOLDENS,
  // ---- STRICTER RULES lineage (goldens-stricter.test-data.ts)
  ...STRICTER_GOLDENS,
  // ---- route match conditions and mutations (goldens-match.test-data.ts)
  ...MATCH_GOLDENS,
  // ---- Profile defaults and mandates (goldens-profile.test-data.ts)
  ...PROFILE_GOLDENS,
];

/** Resources whose status must be PARTIAL naming these fields (issue #18; what cross-cluster routing, #17, leaves out). */
export const PARTIAL_FIELDS: readonly { readonly resource: ConfigResource; readonly fields: readonly string[] }[] = [
  {
    resource: res(`${ORG}/clusters/c3`, 'api.tsb.tetrate.io/v2', 'Cluster', { network: 'tier1-net', namespaceScope: { scope: 'INCLUDED', namespaces: ['a'] } }),
    fields: ['spec.namespaceScope'],
  },
  {
    resource: res(`${ORG}/settings/net`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', {
      networkSettings: { networkReachability: { 'tier1-net': 'app-net' } },
      failoverSettings: { topologyChoice: 'REGION' },
    }),
    fields: ['spec.failoverSettings.topologyChoice'],
  },
  {
    resource: res(`${WS}/settings/ew`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', {
      defaultEastWestGatewaySettings: [
        { workloadSelector: { namespace: 'eastwest', labels: { app: 'eastwest-gateway' } }, exposedServices: [{ serviceLabels: { failover: 'enable' } }] },
      ],
    }),
    fields: ['spec.defaultEastWestGatewaySettings[0].exposedServices'],
  },
  {
    resource: res(`${GW}/tier1gateways/internal`, 'gateway.tsb.tetrate.io/v2', 'Tier1Gateway', {
      workloadSelector: { namespace: 'bookinfo' },
      tcpInternalServers: [{ name: 'kafka', port: 9000, hostname: 'kafka.internal' }],
    }),
    fields: ['spec.tcpInternalServers'],
  },
];
