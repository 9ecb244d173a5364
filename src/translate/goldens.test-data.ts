/**
 * Goldens for issue #18: GIVEN a TSB configuration over two clusters, WHEN translated for one
 * cluster, THEN these Istio objects (exact spec) exist and those do not. Each case cites the TSB
 * reference it follows. Shared by goldens.test.ts (unit), field-coverage.test.ts (every schema
 * field exercised here or declared unsupported) and test/clusters/translation.test.ts (the same
 * objects appear in the agents' sinks).
 */
import type { ConfigResource } from './model.js';
import { RESILIENCE_GOLDENS } from './goldens-resilience.test-data.js';
import { STRICTER_GOLDENS } from './goldens-stricter.test-data.js';
import { MATCH_GOLDENS } from './goldens-match.test-data.js';
import { PROFILE_GOLDENS } from './goldens-profile.test-data.js';
import { GATEWAY_GOLDENS } from './goldens-gateways.test-data.js';
import { ALLOW_NS, CLUSTERS, GW, ORG, SEC, TENANT, TRAFFIC, WS, REF, base, res, ss, ts, type Golden } from './goldens-fixtures.test-data.js';

export { ORG, TENANT, WS, SEC, TRAFFIC, GW, CLUSTERS, base, res, type Golden };

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
  // ---- gateways (goldens-gateways.test-data.ts)
  ...GATEWAY_GOLDENS,
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
