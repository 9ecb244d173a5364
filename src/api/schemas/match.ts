import { Type } from '@sinclair/typebox';
import { Bool, Closed, List, Port, Str, StringMap } from './common.js';

/**
 * Closed shapes of TSB's route match conditions, rewrites and CORS (issue #18: an unknown key in
 * a match is rejected at apply time, never dropped into a match-everything condition). From TSB's
 * API reference as published in terraform-provider-tsb docs/resources/gateway_ingress_gateway.md
 * (`http.routing.rules.{match,modify,direct_response}`, `http.routing.cors_policy`) and
 * traffic_service_route.md (`http_routes.match`).
 */

/** TSB StringMatch: exactly one of exact, prefix, regex (one closed object, so a typo names its nearest key). */
export const StringMatch = Type.Object(
  {
    exact: Type.Optional(Str('exact string match')),
    prefix: Type.Optional(Str('prefix-based match')),
    regex: Type.Optional(Str('ECMAScript regex-based match')),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'exactly one of exact, prefix or regex' },
);

const HeaderMatches = Type.Record(Type.String({ maxLength: 256 }), StringMatch, { description: 'header name (lowercase, hyphens) → exact/prefix/regex' });

/** IngressGateway / Tier1Gateway `http[].routing.rules[].match[]`: uri and headers. */
export const GatewayHttpMatch = Closed({ uri: Type.Optional(StringMatch), headers: Type.Optional(HeaderMatches) }, 'match condition (uri, headers)');

/** ServiceRoute `httpRoutes[].match[]`: name, uri, headers, port. */
export const ServiceRouteHttpMatch = Closed(
  {
    name: Type.Optional(Str('name of the match condition', 253)),
    uri: Type.Optional(StringMatch),
    headers: Type.Optional(HeaderMatches),
    port: Type.Optional(Port()),
  },
  'match condition (name, uri, headers, port)',
);

/** ServiceRoute `tcpRoutes[].match[]` and a gateway's TCP routing match: name and port. */
export const TcpMatch = Closed({ name: Type.Optional(Str('name of the match condition', 253)), port: Type.Optional(Port()) }, 'match condition (port)');

const HeaderOps = Closed({
  add: Type.Optional(StringMap('headers to append to')),
  set: Type.Optional(StringMap('headers to overwrite')),
  remove: Type.Optional(List(Str('header name', 256))),
});

/** `routing.rules[].modify`: URI/authority rewrite and header mutations. */
export const Modify = Closed({
  rewrite: Type.Optional(Closed({ uri: Type.Optional(Str('new path or prefix', 2048)), authority: Type.Optional(Str('new Host/authority', 1024)) })),
  headers: Type.Optional(Closed({ request: Type.Optional(HeaderOps), response: Type.Optional(HeaderOps) })),
});

/** `routing.rules[].directResponse`: a fixed status and optional body. */
export const DirectResponse = Closed({
  status: Type.Integer({ minimum: 200, maximum: 599, description: 'HTTP status returned' }),
  body: Type.Optional(Type.Union([Closed({ string: Str('body as a string', 65536) }), Closed({ bytes: Str('body as base64', 87384) })])),
});

const ProtoDuration = Type.Union([
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$', maxLength: 64 }),
  Closed({ seconds: Type.Optional(Type.Integer()), nanos: Type.Optional(Type.Integer()) }),
]);

/** `http[].routing.corsPolicy`. */
export const CorsPolicy = Closed({
  allowOrigin: Type.Optional(List(Str(undefined, 1024))),
  allowMethods: Type.Optional(List(Str(undefined, 32))),
  allowHeaders: Type.Optional(List(Str(undefined, 256))),
  exposeHeaders: Type.Optional(List(Str(undefined, 256))),
  maxAge: Type.Optional(ProtoDuration),
  allowCredentials: Type.Optional(Type.Union([Bool(), Closed({ value: Type.Optional(Bool()) })])),
});

/** `{from, to}` region failover entry (OrganizationSetting / WorkspaceSetting). */
export const RegionalFailover = Closed({ from: Type.Optional(Str('originating region', 253)), to: Type.Optional(Str('region traffic fails over to', 253)) });

/** OrganizationSetting `failoverSettings` (terraform-provider-tsb docs/resources/organization_setting.md). */
export const FailoverSettings = Closed({
  failoverPriority: Type.Optional(List(Str('endpoint label, "key" or "key=value"', 317))),
  regionalFailover: Type.Optional(List(RegionalFailover)),
  topologyChoice: Type.Optional(Str('topology preference for traffic priority (default CLUSTER)', 64)),
  automaticLoadBalancing: Type.Optional(Closed({ enabled: Type.Optional(Type.Union([Bool(), Closed({ value: Type.Optional(Bool()) })])) })),
});

/** WorkspaceSetting `defaultEastWestGatewaySettings[]` (terraform-provider-tsb docs/resources/workspace_setting.md). */
export const EastWestGatewaySettings = Closed({
  workloadSelector: Closed({
    namespace: Str('namespace of the east-west gateway', 63),
    labels: Type.Optional(StringMap('pod labels of the east-west gateway')),
  }),
  exposedServices: Type.Optional(List(Closed({ serviceLabels: StringMap('labels selecting services to expose') }))),
  configGenerationMetadata: Type.Optional(Closed({ labels: Type.Optional(StringMap('labels')), annotations: Type.Optional(StringMap('annotations')) })),
});
