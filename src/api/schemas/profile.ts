import { Type } from '@sinclair/typebox';
import { Closed, CommonSpec, List, OpenObject } from './common.js';
import { SecuritySettingSpec } from './security.js';
import { TrafficSettingSpec } from './traffic.js';

// profile.tsb.tetrate.io/v2 Profile (TSB alpha; terraform-provider-tsb
// docs/resources/profile_profile.md): `defaults` and `mandates`, each a ProfileConfig.

const { profiles: _profiles, ...Common } = CommonSpec;
const TRAFFIC_BODY_KEYS = ['reachability', 'resilience', 'egress', 'inbound', 'outbound', 'rateLimiting', 'upstreamTrafficSettings'] as const;

/** The traffic part of a ProfileConfig: a TrafficSetting body without the object fields. */
const TrafficBody = Closed(Object.fromEntries(TRAFFIC_BODY_KEYS.map((k) => [k, TrafficSettingSpec.properties[k]])));

export const ProfileConfig = Closed(
  {
    authenticationSettings: SecuritySettingSpec.properties.authenticationSettings,
    traffic: Type.Optional(TrafficBody),
    trafficSettings: Type.Optional(TrafficBody),
    wafSettings: Type.Optional(OpenObject('WAF settings (workloads only)')),
    wasmExtensions: Type.Optional(List(OpenObject('WASM extension reference'))),
    unsetFields: Type.Optional(
      List(
        Type.String({
          pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$',
          maxLength: 512,
          description: 'dot path relative to the ProfileConfig, camelCase, e.g. traffic.outbound.reachability.hosts',
        }),
      ),
    ),
  },
  'configuration a Profile sets',
);

export const ProfileSpec = Closed({
  ...Common,
  defaults: Type.Optional(ProfileConfig),
  mandates: Type.Optional(ProfileConfig),
});
