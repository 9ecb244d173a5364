import { Type } from '@sinclair/typebox';
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
});

export const TrafficSettingSpec = SpecOf({
  reachability: Type.Optional(
    Closed({
      mode: Type.Optional(ReachabilityMode),
      hosts: Type.Optional(List(Str('<namespace>/<hostname>', 1024))),
    }),
  ),
  resilience: Type.Optional(
    Closed({
      httpRequestTimeout: Type.Optional(Duration()),
      httpRetries: Type.Optional(HttpRetries),
      tcpKeepalive: Type.Optional(Bool()),
      keepAlive: Type.Optional(OpenObject('TCP/HTTP keep-alive settings')),
      circuitBreakerSensitivity: Type.Optional(Enum(['UNSET', 'LOW', 'MEDIUM', 'HIGH'] as const)),
    }),
  ),
  egress: Type.Optional(Closed({ host: Type.Optional(Str('egress gateway host', 1024)) })),
  inbound: Type.Optional(OpenObject('inbound settings')),
  outbound: Type.Optional(OpenObject('outbound settings')),
  rateLimiting: Type.Optional(OpenObject('rate limiting')),
  upstreamTrafficSettings: Type.Optional(OpenObject('upstream traffic settings')),
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
        match: Type.Optional(List(OpenObject('match conditions'))),
        destination: List(Destination),
      }),
    ),
  ),
  tcpRoutes: Type.Optional(
    List(Closed({ name: Str('route name', 253), match: Type.Optional(List(OpenObject('match conditions'))), destination: List(Destination) })),
  ),
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
