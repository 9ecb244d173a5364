import { Type } from '@sinclair/typebox';
import { Bool, Closed, Enum, List, OpenObject, Str } from './common.js';

// Request authentication (JWT, OIDC) and HTTP authorization (external, local) shared by
// SecuritySetting and the gateways, as TSB's API reference defines them
// (refs/tsb/security/v2/security_setting, refs/tsb/auth/v2/auth; terraform-provider-tsb
// docs/resources/security_security_setting.md).

const Jwt = Closed({
  issuer: Str('JWT issuer (iss claim)', 2048),
  jwksUri: Type.Optional(Str("URL of the issuer's JSON Web Key Set", 2048)),
  jwks: Type.Optional(Str('inline JSON Web Key Set', 65536)),
  audiences: Type.Optional(List(Str(undefined, 1024))),
  fromHeaders: Type.Optional(List(Closed({ name: Str('header name', 256), prefix: Type.Optional(Str(undefined, 256)) }))),
  fromCookies: Type.Optional(List(Str('cookie name', 256))),
  outputPayloadToHeader: Type.Optional(Str('header receiving the verified payload', 256)),
  outputClaimToHeaders: Type.Optional(List(Closed({ header: Str(undefined, 256), claim: Str(undefined, 256) }))),
});

const BoolValue = Closed({ value: Type.Optional(Bool()) });

/** `authenticationSettings.http` of a SecuritySetting, and a gateway's `authentication`. */
export const HttpAuthentication = Closed({
  jwt: Type.Optional(Jwt),
  rules: Type.Optional(Closed({ jwt: Type.Optional(List(Jwt)) })),
  requireJwt: Type.Optional(Type.Union([Bool('reject requests without a valid JWT'), BoolValue])),
  oidc: Type.Optional(OpenObject('OIDC login (not translated)')),
});

const Duration = Type.Union([
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$', maxLength: 64 }),
  Closed({ seconds: Type.Optional(Type.Integer()), nanos: Type.Optional(Type.Integer()) }),
]);

const ExternalAuthz = Closed({
  uri: Str('URI of the authorization service: http://host:port or grpc://host:port', 2048),
  includeRequestHeaders: Type.Optional(List(Str(undefined, 256))),
  allowedUpstreamHeaders: Type.Optional(List(Str(undefined, 256))),
  pathPrefix: Type.Optional(Str(undefined, 2048)),
  timeout: Type.Optional(Duration),
  tls: Type.Optional(OpenObject('TLS to the authorization service (not translated)')),
});

/** `authorization.http` of a SecuritySetting, and a gateway's `authorization`. */
export const HttpAuthorization = Closed({
  external: Type.Optional(ExternalAuthz),
  local: Type.Optional(OpenObject('inline authorization rules (not translated: fail closed)')),
});

export const IdentityMatch = Enum(['SOURCE_IDENTITY', 'PEER_CERTIFICATE', 'PERMISSIVE'] as const);
