/**
 * Goldens for the resilience and egress fields of TrafficSetting (issue #18, second part):
 * consistent-hash load balancing, custom outlier detection, retry back-off and the egress proxy.
 * Same shape as goldens.test-data.ts (which includes these in GOLDENS); kept apart so that file
 * stays small. TSB: refs/tsb/traffic/v2/traffic_setting, as terraform-provider-tsb
 * docs/resources/traffic_traffic_setting.md publishes it (`outbound.upstream_traffic_settings
 * .settings.load_balancer.consistent_hash`, `.resilience.outlier_detection`,
 * `.connection_pool.http.retries.retry_back_off`, `outbound.egress`).
 */
import type { ConfigResource } from './model.js';

const REF =
  'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/traffic/v2/traffic_setting (terraform-provider-tsb docs/resources/traffic_traffic_setting.md: outbound.upstream_traffic_settings.settings, outbound.egress)';
const TRAFFIC = 'organizations/tetrate/tenants/prod/workspaces/bookinfo/trafficgroups/traffic';

/** Structurally the Golden of goldens.test-data.ts (which imports this file; no import back). */
interface ResilienceGolden {
  readonly name: string;
  readonly ref: string;
  readonly given: readonly ConfigResource[];
  readonly cluster: 'c1' | 'c2';
  readonly then: Readonly<Record<string, Record<string, unknown>>>;
  readonly absent?: readonly string[];
}

const ts = (spec: Record<string, unknown>): ConfigResource => ({
  fqn: `${TRAFFIC}/settings/default`,
  apiVersion: 'traffic.tsb.tetrate.io/v2',
  kind: 'TrafficSetting',
  name: 'default',
  metadata: {},
  spec,
});

const vs = (host: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  exportTo: ['.'],
  hosts: [host],
  // Keys in sorted order: the end-to-end test compares the sinks' (sorted) JSON text.
  http: [{ name: 'default', ...extra, route: [{ destination: { host } }] }],
});

const SR_REF =
  "https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/traffic/v2/service_route and traffic_setting (both apply to calls to the service); Istio picks VirtualServices of the caller's namespace first, then by creation time (istio/istio#22868)";

export const RESILIENCE_GOLDENS: readonly ResilienceGolden[] = [
  {
    name: "a ServiceRoute and a TrafficSetting's retries for the same host in the same namespace become ONE VirtualService: the retries on copies of the routes matching that namespace's callers, then the routes for everyone",
    ref: SR_REF,
    cluster: 'c1',
    given: [
      ts({
        outbound: {
          // Reachability too, so the setting owns an object of its own (its status reaches READY).
          reachability: { mode: 'NAMESPACE' },
          upstreamTrafficSettings: [
            { hosts: ['bookinfo/*'], settings: { resilience: { connectionPool: { http: { requestTimeout: '4s', retries: { attempts: 2 } } } } } },
          ],
        },
      }),
      {
        fqn: `${TRAFFIC}/serviceroutes/productpage`,
        apiVersion: 'traffic.tsb.tetrate.io/v2',
        kind: 'ServiceRoute',
        name: 'productpage',
        metadata: {},
        spec: {
          service: 'bookinfo/productpage.bookinfo.svc.cluster.local',
          subsets: [
            { name: 'v1', labels: { version: 'v1' }, weight: 50 },
            { name: 'v2', labels: { version: 'v2' }, weight: 50 },
          ],
        },
      },
    ],
    then: {
      'bookinfo/Sidecar/traffic-default': { egress: [{ hosts: ['./*', 'istio-system/*', 'xcp-multicluster/*'] }] },
      'bookinfo/VirtualService/productpage': {
        hosts: ['productpage.bookinfo.svc.cluster.local'],
        http: [
          {
            match: [{ sourceNamespace: 'bookinfo' }],
            name: 'default-from-bookinfo',
            retries: { attempts: 2 },
            route: [
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 50 },
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 50 },
            ],
            timeout: '4s',
          },
          {
            name: 'default',
            route: [
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 50 },
              { destination: { host: 'productpage.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 50 },
            ],
          },
        ],
      },
    },
    absent: ['bookinfo/VirtualService/traffic-default-productpage-bookinfo-svc-cluster-local'],
  },
  {
    name: 'consistent-hash load balancing (cookie + ring hash, header + maglev, source IP, query parameter) becomes DestinationRule loadBalancer.consistentHash per host',
    ref: REF,
    cluster: 'c1',
    given: [
      ts({
        outbound: {
          upstreamTrafficSettings: [
            {
              hosts: ['reviews/*'],
              settings: { loadBalancer: { consistentHash: { httpCookie: { name: 'session', path: '/', ttl: '60s' }, ringHash: { minimumRingSize: 2048 } } } },
            },
            {
              hosts: ['productpage.bookinfo.svc.cluster.local'],
              settings: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } } },
            },
            { hosts: ['shared/*'], settings: { loadBalancer: { consistentHash: { useSourceIp: true } } } },
            { hosts: ['db.shared.svc.cluster.local'], settings: { loadBalancer: { consistentHash: { httpQueryParameterName: 'user' } } } },
          ],
        },
      }),
    ],
    then: {
      'bookinfo/DestinationRule/traffic-default-reviews-svc-cluster-local': {
        exportTo: ['.'],
        host: '*.reviews.svc.cluster.local',
        trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'session', path: '/', ttl: '60s' }, ringHash: { minimumRingSize: 2048 } } } },
      },
      'bookinfo/DestinationRule/traffic-default-productpage-bookinfo-svc-cluster-local': {
        exportTo: ['.'],
        host: 'productpage.bookinfo.svc.cluster.local',
        trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } } },
      },
      'bookinfo/DestinationRule/traffic-default-shared-svc-cluster-local': {
        exportTo: ['.'],
        host: '*.shared.svc.cluster.local',
        trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true } } },
      },
      'bookinfo/DestinationRule/traffic-default-db-shared-svc-cluster-local': {
        exportTo: ['.'],
        host: 'db.shared.svc.cluster.local',
        trafficPolicy: { loadBalancer: { consistentHash: { httpQueryParameterName: 'user' } } },
      },
    },
  },
  {
    name: "custom outlier detection replaces the sensitivity shorthand, with TSB's defaults where Istio's differ (5xx ejection off, gateway failures 5, up to 100% ejected); retry back-off becomes retries.backoff",
    ref: REF,
    cluster: 'c1',
    given: [
      ts({
        outbound: {
          upstreamTrafficSettings: [
            {
              hosts: ['reviews/*'],
              settings: {
                resilience: {
                  circuitBreakerSensitivity: 'HIGH',
                  outlierDetection: {
                    consecutive5xx: { value: 7 },
                    consecutiveGatewayFailure: 3,
                    consecutiveLocalOriginFailure: 4,
                    splitExternalLocalOriginErrors: true,
                    interval: '15s',
                    baseEjectionTime: '45s',
                    maxEjectionPercent: 50,
                  },
                  connectionPool: { http: { retries: { attempts: 4, retryOn: '5xx', retryBackOff: { baseInterval: '100ms' } } } },
                },
              },
            },
            { hosts: ['productpage.bookinfo.svc.cluster.local'], settings: { resilience: { outlierDetection: { interval: '20s' } } } },
          ],
        },
      }),
    ],
    then: {
      'bookinfo/DestinationRule/traffic-default-reviews-svc-cluster-local': {
        exportTo: ['.'],
        host: '*.reviews.svc.cluster.local',
        trafficPolicy: {
          outlierDetection: {
            baseEjectionTime: '45s',
            consecutive5xxErrors: 7,
            consecutiveGatewayErrors: 3,
            consecutiveLocalOriginFailures: 4,
            interval: '15s',
            maxEjectionPercent: 50,
            splitExternalLocalOriginErrors: true,
          },
        },
      },
      'bookinfo/DestinationRule/traffic-default-productpage-bookinfo-svc-cluster-local': {
        exportTo: ['.'],
        host: 'productpage.bookinfo.svc.cluster.local',
        trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0, consecutiveGatewayErrors: 5, interval: '20s', maxEjectionPercent: 100 } },
      },
      'bookinfo/VirtualService/traffic-default-reviews-reviews-svc-cluster-local': vs('reviews.reviews.svc.cluster.local', {
        retries: { attempts: 4, backoff: '100ms', retryOn: '5xx' },
      }),
    },
  },
  {
    name: 'older resilience.httpRetries.retryBackOff and egress.host: retries.backoff, and the Sidecar sends unknown traffic to the egress gateway (imported next to the reachability hosts)',
    ref: REF,
    cluster: 'c1',
    given: [
      ts({
        reachability: { mode: 'GROUP' },
        egress: { host: 'egress/tsb-egress.egress.svc.cluster.local' },
        resilience: { httpRetries: { attempts: 2, retryBackOff: { baseInterval: '50ms' } } },
      }),
    ],
    then: {
      'bookinfo/Sidecar/traffic-default': {
        egress: [{ hosts: ['bookinfo/*', 'istio-system/*', 'xcp-multicluster/*', 'egress/tsb-egress.egress.svc.cluster.local'] }],
        outboundTrafficPolicy: { egressProxy: { host: 'tsb-egress.egress.svc.cluster.local' }, mode: 'ALLOW_ANY' },
      },
      'bookinfo/VirtualService/traffic-default-reviews-reviews-svc-cluster-local': vs('reviews.reviews.svc.cluster.local', {
        retries: { attempts: 2, backoff: '50ms' },
      }),
    },
  },
  {
    name: 'outbound.egress without reachability: a Sidecar that keeps every host visible (*/*) and sends unknown traffic to the egress gateway',
    ref: REF,
    cluster: 'c2',
    given: [ts({ outbound: { egress: { host: 'egress/tsb-egress.egress.svc.cluster.local' } } })],
    then: {
      'bookinfo/Sidecar/traffic-default': {
        egress: [{ hosts: ['*/*'] }],
        outboundTrafficPolicy: { egressProxy: { host: 'tsb-egress.egress.svc.cluster.local' }, mode: 'ALLOW_ANY' },
      },
    },
  },
];
