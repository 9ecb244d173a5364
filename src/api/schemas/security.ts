import { Type } from '@sinclair/typebox';
import { Closed, Enum, List, OpenObject, SpecOf, Str } from './common.js';
import { GroupSpec } from './traffic.js';
import { HttpAuthentication, HttpAuthorization, IdentityMatch } from './policies.js';

// security.tsb.tetrate.io/v2: Group (with securityDomain), SecuritySetting.

export const SecurityGroupSpec = Closed({ ...GroupSpec.properties, securityDomain: Type.Optional(Str('security domain')) });

export const AuthenticationMode = Enum(['UNSET', 'OPTIONAL', 'REQUIRED'] as const);
export const AuthorizationMode = Enum(['UNSET', 'NAMESPACE', 'GROUP', 'WORKSPACE', 'CLUSTER', 'DISABLED', 'CUSTOM', 'RULES'] as const);

const FqnRef = Closed({ fqn: Str('FQN of a tenant, workspace or group', 2048) });
const Rule = Closed({ from: FqnRef, to: FqnRef });

export const SecuritySettingSpec = SpecOf({
  authenticationSettings: Type.Optional(Closed({ trafficMode: Type.Optional(AuthenticationMode), http: Type.Optional(HttpAuthentication) })),
  authentication: Type.Optional(AuthenticationMode),
  authorization: Type.Optional(
    Closed({
      mode: Type.Optional(AuthorizationMode),
      rules: Type.Optional(Closed({ allow: Type.Optional(List(Rule)), deny: Type.Optional(List(Rule)), denyAll: Type.Optional(Type.Boolean()) })),
      serviceAccounts: Type.Optional(List(Str('service account', 512))),
      http: Type.Optional(HttpAuthorization),
      identityMatch: Type.Optional(IdentityMatch),
    }),
  ),
  propagationStrategy: Type.Optional(Enum(['REPLACE', 'STRICTER'] as const)),
  waf: Type.Optional(OpenObject('WAF settings')),
  extension: Type.Optional(List(OpenObject('WASM extension reference'))),
  egress: Type.Optional(OpenObject('egress authorization')),
});
