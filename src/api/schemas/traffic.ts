import { Type } from '@sinclair/typebox';
import { ServiceRouteHttpMatch, TcpMatch } from './match.js';
import { Bool, Closed, Duration, Enum, List, NamespaceSelectorSchema, OpenObject, Port, SpecOf, Str, StringMap } from './common.js';

// traffic.tsb.tetrate.io/v2: Group, TrafficSetting, ServiceRoute.

export const ConfigMode = Enum(['BRIDGED', 'DIRECT'] as const, 'BRIDGED (TSB APIs) or DIRECT (Istio APIs)');

/** Spec shared by the gateway, traffic and istio-internal groups. */
export const GroupSpec = SpecOf({
  namespaceSelector: Type.Optional(NamespaceSelectorSchema),
  configMode: Type.Optional(ConfigMode),
});

export const ReachabilityMode = Enum(['UNSET', 'NAMESPACE', 'GROUP', 'WORKSPACE', 'CLUSTER', 'CUSTOM'] as const);

const HttpRetries = Closed({
  attempts: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  perTryTimeout: Type.Optional(Duration()),
  retryOn: Type.Optional(Str('comma-separated retry conditions', 1024)),
  retryBackOff: Type.Optional(
    Closed({
      baseInterval: Type.Optional(Duration('base interval between retries (Istio retries.backoff)')),
      maxInterval: Type.Optional(Duration('cap of the interval between retries (not translated: Istio has no cap)')),
    }),
  ),
});

const Reachability = Closed({
  mode: Type.Optional(ReachabilityMode),
  hosts: Type.Optional(List(Str('<namespace>/<hostname>', 1024))),
});

const CircuitBreakerSensitivity = Enum(['UNSET', 'LOW', 'MEDIUM', 'HIGH'] as const);

/** Older top-level `resilience` (TSB < 1.10; still accepted, deprecated in favour of `outbound`). */
const LegacyResilience = Closed({
  httpRequestTimeout: Type.Optional(Duration()),
  httpRetries: Type.Optional(HttpRetries),
  tcpKeepalive: Type.Optional(Bool()),
  keepAlive: Type.Optional(OpenObject('TCP/HTTP keep-alive settings')),
  circuitBreakerSensitivity: Type.Optional(CircuitBreakerSensitivity),
});

/** A proto UInt32Value (`{value: 9}`) or a plain number (seconds for the times). */
const UInt = Type.Union([Type.Integer({ minimum: 0 }), Closed({ value: Type.Optional(Type.Integer({ minimum: 0 })) })]);
const TcpKeepAlive = Closed({ probes: Type.Optional(UInt), idleTime: Type.Optional(UInt), interval: Type.Optional(UInt) });

/** `resilience.outlierDetection` (TSB: custom circuit breaking; uint32 values plain or `{value}`). */
const OutlierDetection = Closed({
  consecutive5xx: Type.Optional(UInt),
  consecutiveGatewayFailure: Type.Optional(UInt),
  consecutiveLocalOriginFailure: Type.Optional(UInt),
  enforcingConsecutive5xx: Type.Optional(UInt),
  enforcingConsecutiveGatewayFailure: Type.Optional(UInt),
  enforcingConsecutiveLocalOriginFailure: Type.Optional(UInt),
  interval: Type.Optional(Duration()),
  baseEjectionTime: Type.Optional(Duration()),
  maxEjectionTime: Type.Optional(Duration()),
  maxEjectionPercent: Type.Optional(UInt),
  splitExternalLocalOriginErrors: Type.Optional(Bool()),
});

/** `loadBalancer.consistentHash`: one hash key (header, cookie, source IP or query parameter) and an algorithm. */
const ConsistentHash = Closed({
  httpHeaderName: Type.Optional(Str('header name', 256)),
  httpCookie: Type.Optional(Closed({ name: Str('cookie name', 256), path: Type.Optional(Str('cookie path', 1024)), ttl: Type.Optional(Duration()) })),
  useSourceIp: Type.Optional(Bool()),
  httpQueryParameterName: Type.Optional(Str('query parameter name', 256)),
  ringHash: Type.Optional(Closed({ minimumRingSize: Type.Optional(Type.Integer({ minimum: 0 })) })),
  maglev: Type.Optional(Closed({ tableSize: Type.Optional(Type.Integer({ minimum: 0 })) })),
});

/** `upstreamTrafficSettings[].settings.resilience` (refs/tsb/traffic/v2/traffic_setting, 1.10+). */
const UpstreamResilience = Closed({
  circuitBreakerSensitivity: Type.Optional(CircuitBreakerSensitivity),
  connectionPool: Type.Optional(
    Closed({
      http: Type.Optional(
        Closed({
          maxRequests: Type.Optional(Type.Integer({ minimum: 0 })),
          maxRequestsPerConnection: Type.Optional(Type.Integer({ minimum: 0 })),
          requestTimeout: Type.Optional(Duration()),
          retries: Type.Optional(HttpRetries),
        }),
      ),
      tcp: Type.Optional(
        Closed({
          connectTimeout: Type.Optional(Duration()),
          keepAlive: Type.Optional(TcpKeepAlive),
          maxConnections: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      ),
    }),
  ),
  outlierDetection: Type.Optional(OutlierDetection),
});

const UpstreamTrafficSetting = Closed({
  hosts: List(Str('host: "*", "<fqdn>", "<namespace>/<fqdn>" or "<namespace>/*"', 1024)),
  settings: Type.Optional(
    Closed({
      resilience: Type.Optional(UpstreamResilience),
      loadBalancer: Type.Optional(
        Closed({
          simple: Type.Optional(Enum(['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'] as const)),
          consistentHash: Type.Optional(ConsistentHash),
        }),
      ),
    }),
  ),
});

/** `egress` / `outbound.egress`: the egress gateway unknown traffic goes to (TSB: `<namespace>/<fqdn>`). */
const EgressHost = Closed({
  host: Type.Optional(
    Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[^/*\\s]+$', maxLength: 1024, description: '"<namespace>/<fqdn>" of the egress gateway' }),
  ),
  port: Type.Optional(Type.Integer()),
});

export const TrafficSettingSpec = SpecOf({
  reachability: Type.Optional(Reachability),
  resilience: Type.Optional(LegacyResilience),
  egress: Type.Optional(EgressHost),
  inbound: Type.Optional(
    Closed({
      rateLimiting: Type.Optional(OpenObject('rate limiting (not translated)')),
      resilience: Type.Optional(OpenObject('inbound resilience (not translated)')),
      failoverSettings: Type.Optional(OpenObject('failover (cross-cluster, issue #17)')),
    }),
  ),
  outbound: Type.Optional(
    Closed({
      reachability: Type.Optional(Reachability),
      upstreamTrafficSettings: Type.Optional(List(UpstreamTrafficSetting)),
      egress: Type.Optional(EgressHost),
    }),
  ),
  rateLimiting: Type.Optional(OpenObject('rate limiting')),
  upstreamTrafficSettings: Type.Optional(List(UpstreamTrafficSetting)),
});

const Subset = Closed({
  name: Str('subset name', 253),
  labels: Type.Optional(StringMap('pod labels of the subset')),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  port: Type.Optional(Port()),
});

const Destination = Closed({
  subset: Str('subset name', 253),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  port: Type.Optional(Port()),
});

const StickySession = Closed({
  header: Type.Optional(Str('header name', 256)),
  cookie: Type.Optional(Closed({ name: Str('cookie name', 256), path: Type.Optional(Str()), ttl: Type.Optional(Duration()) })),
  useSourceIp: Type.Optional(Bool()),
});

export const ServiceRouteSpec = SpecOf({
  service: Type.String({
    pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[^/\\s]{1,253}$',
    maxLength: 320,
    description: '"<namespace>/<fqdn>" of the service, e.g. "bookinfo/reviews.bookinfo.svc.cluster.local"',
  }),
  subsets: Type.Optional(List(Subset)),
  httpRoutes: Type.Optional(
    List(
      Closed({
        name: Str('route name', 253),
        match: Type.Optional(List(ServiceRouteHttpMatch)),
        destination: List(Destination),
      }),
    ),
  ),
  tcpRoutes: Type.Optional(List(Closed({ name: Str('route name', 253), match: Type.Optional(List(TcpMatch)), destination: List(Destination) }))),
  stickySession: Type.Optional(StickySession),
  portLevelSettings: Type.Optional(
    List(
      Closed({
        port: Port(),
        trafficType: Type.Optional(Enum(['HTTP', 'TCP', 'GRPC', 'TLS'] as const)),
        stickySession: Type.Optional(StickySession),
      }),
    ),
  ),
});
