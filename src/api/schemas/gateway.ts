import { Type } from '@sinclair/typebox';
import { Closed, Enum, List, OpenObject, Port, SpecOf, Str, StringMap } from './common.js';
import { HttpAuthentication, HttpAuthorization } from './policies.js';
import { CorsPolicy, DirectResponse, GatewayHttpMatch, Modify, TcpMatch } from './match.js';

// gateway.tsb.tetrate.io/v2: IngressGateway, Tier1Gateway, EgressGateway (Group is shared).

const WorkloadSelector = Closed(
  { namespace: Str('namespace of the gateway workload', 63), labels: Type.Optional(StringMap('pod labels of the gateway workload')) },
  'which gateway deployment runs this config',
);

const Tls = Closed({
  mode: Type.Optional(Enum(['DISABLED', 'SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'] as const)),
  secretName: Type.Optional(Str('Kubernetes secret with the certificate', 253)),
  files: Type.Optional(Closed({ certChain: Type.Optional(Str()), privateKey: Type.Optional(Str()), caCertificates: Type.Optional(Str()) })),
  minProtocolVersion: Type.Optional(Enum(['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const)),
  maxProtocolVersion: Type.Optional(Enum(['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const)),
  cipherSuites: Type.Optional(List(Str(undefined, 256))),
  subjectAltNames: Type.Optional(List(Str(undefined, 1024))),
});

const Policies = {
  authentication: Type.Optional(HttpAuthentication),
  authorization: Type.Optional(HttpAuthorization),
  rateLimiting: Type.Optional(OpenObject('rate limiting')),
  waf: Type.Optional(OpenObject('WAF settings')),
  extension: Type.Optional(List(OpenObject('WASM extension reference'))),
};

const RouteTo = Closed({
  host: Str('"<namespace>/<fqdn>" of the destination service', 1024),
  port: Type.Optional(Port()),
});

const Redirect = Closed({
  authority: Type.Optional(Str(undefined, 1024)),
  port: Type.Optional(Port()),
  redirectCode: Type.Optional(Type.Integer({ minimum: 300, maximum: 399 })),
  scheme: Type.Optional(Str(undefined, 16)),
  uri: Type.Optional(Str(undefined, 2048)),
});

const RoutingRule = Closed({
  match: Type.Optional(List(GatewayHttpMatch, 'match conditions (OR-ed)')),
  route: Type.Optional(RouteTo),
  redirect: Type.Optional(Redirect),
  directResponse: Type.Optional(DirectResponse),
  modify: Type.Optional(Modify),
});

const HttpServer = Closed({
  name: Str('server name', 253),
  port: Port(),
  hostname: Str('hostname served (unique per cluster)', 253),
  tls: Type.Optional(Tls),
  routing: Type.Optional(Closed({ rules: Type.Optional(List(RoutingRule)), corsPolicy: Type.Optional(CorsPolicy) })),
  ...Policies,
});

const TcpServer = Closed({
  name: Str('server name', 253),
  port: Port(),
  hostname: Type.Optional(Str(undefined, 253)),
  tls: Type.Optional(Tls),
  route: Type.Optional(RouteTo),
  routing: Type.Optional(Closed({ rules: Type.Optional(List(Closed({ match: Type.Optional(List(TcpMatch)), route: RouteTo }))) })),
});

const PassthroughServer = Closed({ name: Str('server name', 253), port: Port(), hostname: Str(undefined, 253), route: Type.Optional(RouteTo) });

export const IngressGatewaySpec = SpecOf({
  workloadSelector: WorkloadSelector,
  http: Type.Optional(List(HttpServer)),
  tcp: Type.Optional(List(TcpServer)),
  tlsPassthrough: Type.Optional(List(PassthroughServer)),
  ...Policies,
});

const ClusterTarget = Closed({
  name: Str('cluster name', 253),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  labels: Type.Optional(StringMap('labels selecting the cluster')),
  network: Type.Optional(Str(undefined, 253)),
});

const Tier1Server = Closed({
  name: Str('server name', 253),
  port: Port(),
  hostname: Str('hostname served', 253),
  tls: Type.Optional(Tls),
  clusters: Type.Optional(List(ClusterTarget)),
  ...Policies,
});

export const Tier1GatewaySpec = SpecOf({
  workloadSelector: WorkloadSelector,
  externalServers: Type.Optional(List(Tier1Server)),
  internalServers: Type.Optional(
    List(Closed({ name: Str(undefined, 253), hostname: Str(undefined, 253), clusters: Type.Optional(List(ClusterTarget)), ...Policies })),
  ),
  passthroughServers: Type.Optional(
    List(Closed({ name: Str(undefined, 253), port: Port(), hostname: Str(undefined, 253), clusters: Type.Optional(List(ClusterTarget)) })),
  ),
  tcpExternalServers: Type.Optional(List(Tier1Server)),
  tcpInternalServers: Type.Optional(List(Tier1Server)),
  ...Policies,
});

export const EgressGatewaySpec = SpecOf({
  workloadSelector: WorkloadSelector,
  authorization: Type.Optional(List(OpenObject('which workloads may reach which hosts'))),
  extension: Type.Optional(List(OpenObject('WASM extension reference'))),
});
