import { Type } from '@sinclair/typebox';
import { Bool, Closed, Duration, Enum, List, NamespaceSelectorSchema, OpenObject, SpecOf, Str, StringMap } from './common.js';
import { EastWestGatewaySettings, FailoverSettings, RegionalFailover } from './match.js';
import { SecuritySettingSpec } from './security.js';
import { TrafficSettingSpec } from './traffic.js';

// api.tsb.tetrate.io/v2 kinds: the hierarchy, identities and the per-level settings.

export const OrganizationSpec = SpecOf({
  systemNamespaces: Type.Optional(List(Str(undefined, 63), 'namespaces treated as system namespaces')),
});

export const TenantSpec = SpecOf({
  securityDomain: Type.Optional(Str('security domain FQN-like name')),
});

export const WorkspaceSpec = SpecOf({
  namespaceSelector: NamespaceSelectorSchema,
  privileged: Type.Optional(Bool('may select namespaces other workspaces also select (system use)')),
  isolationBoundary: Type.Optional(Str('isolation boundary name', 253)),
  securityDomain: Type.Optional(Str('security domain')),
});

export const ClusterSpec = SpecOf({
  tokenTtl: Type.Optional(Duration('lifetime of the cluster service account tokens')),
  network: Type.Optional(Str('network the cluster belongs to', 253)),
  tier1Cluster: Type.Optional(Bool('deprecated: the cluster runs tier-1 gateways')),
  locality: Type.Optional(Closed({ region: Type.Optional(Str('region', 253)) })),
  trustDomain: Type.Optional(Str('SPIFFE trust domain', 253)),
  bringYourOwnCa: Type.Optional(
    Bool('the cluster brings its own plug-in CA (istiod cacerts): meshbridge never writes cacerts there and checks the supplied chain against the mesh root'),
  ),
  namespaceScope: Type.Optional(
    Closed({
      scope: Type.Optional(Enum(['INCLUDED', 'EXCLUDED'] as const, 'whether the listed namespaces are the ones managed or excluded')),
      namespaces: Type.Optional(List(Str(undefined, 63))),
    }),
  ),
  labels: Type.Optional(StringMap('cluster labels')),
  // Read-only fields filled by the cluster agents; accepted so `get -o yaml | apply` round-trips.
  namespaces: Type.Optional(List(OpenObject('observed namespace (output)'))),
  state: Type.Optional(OpenObject('observed state (output)')),
  serviceAccount: Type.Optional(OpenObject('one-time service account (output)')),
});

const SourceType = Enum(['INVALID', 'MANUAL', 'LDAP', 'AZURE', 'OIDC'] as const, 'where the identity comes from');

export const UserSpec = SpecOf({
  loginName: Type.Optional(Str('login name', 253)),
  firstName: Type.Optional(Str('first name', 256)),
  lastName: Type.Optional(Str('last name', 256)),
  email: Type.Optional(Str('e-mail address', 320)),
  sourceType: Type.Optional(SourceType),
});

export const TeamSpec = SpecOf({
  members: Type.Optional(List(Str('FQN of a user, service account or team', 2048))),
  sourceType: Type.Optional(SourceType),
});

const KeyEncoding = Enum(['PEM', 'JWK'] as const, 'key encoding');
export const ServiceAccountSpec = SpecOf({
  keys: Type.Optional(
    List(
      Closed({
        id: Type.Optional(Str('key id', 256)),
        publicKey: Type.Optional(Str('public key')),
        privateKey: Type.Optional(Str('private key (output, once)', 16384)),
        defaultToken: Type.Optional(Str('token (output, once)', 16384)),
        encoding: Type.Optional(KeyEncoding),
      }),
    ),
  ),
  keyEncoding: Type.Optional(KeyEncoding),
});

const Settings = {
  defaultTrafficSetting: Type.Optional(TrafficSettingSpec),
  defaultSecuritySetting: Type.Optional(SecuritySettingSpec),
};

export const OrganizationSettingSpec = SpecOf({
  ...Settings,
  networkSettings: Type.Optional(Closed({ networkReachability: Type.Optional(StringMap('network → comma-separated networks it may reach')) })),
  failoverSettings: Type.Optional(FailoverSettings),
  // The older top-level form (terraform-provider-tsb organization_setting.md); `failoverSettings` wins when both are set.
  regionalFailover: Type.Optional(List(RegionalFailover)),
});

export const TenantSettingSpec = SpecOf(Settings);

export const WorkspaceSettingSpec = SpecOf({
  ...Settings,
  defaultEastWestGatewaySettings: Type.Optional(List(EastWestGatewaySettings)),
  hostsReachability: Type.Optional(OpenObject('hosts reachability')),
  regionalFailover: Type.Optional(List(RegionalFailover)),
});
