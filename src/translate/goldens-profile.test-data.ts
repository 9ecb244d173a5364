/**
 * Goldens for Profile defaults and mandates (issue #18). TSB: the Profile kind
 * (profile.tsb.tetrate.io/v2, alpha), terraform-provider-tsb docs/resources/profile_profile.md:
 * `defaults` "are allowed to be overwritten by subsequent profiles or by user defined
 * configurations in the attached resources"; `mandates` "can't be relaxed"; `unsetFields` are dot
 * paths relative to the ProfileConfig, removed from earlier defaults / kept unset by mandates even
 * when later mandates set them. Resources attach profiles with `profiles: [fqn]` (a Workspace in
 * TSB's public OIDC/JWT lab). Merge rules: src/translate/profiles.ts; docs/translation.md
 * "Profiles". Included in GOLDENS by goldens.test-data.ts (this file imports nothing back).
 */
import type { ConfigResource } from './model.js';

const REF =
  'https://registry.terraform.io/providers/tetrateio/tsb (terraform-provider-tsb docs/resources/profile_profile.md: defaults, mandates, unset_fields)';
const ORG = 'organizations/tetrate';
const TENANT = `${ORG}/tenants/prod`;
const WS = `${TENANT}/workspaces/bookinfo`;
const SEC = `${WS}/securitygroups/sec`;
const TRAFFIC = `${WS}/trafficgroups/traffic`;

type Spec = Record<string, unknown>;
/** Structurally the Golden of goldens.test-data.ts. */
interface ProfileGolden {
  readonly name: string;
  readonly ref: string;
  readonly given: readonly ConfigResource[];
  readonly cluster: 'c1' | 'c2';
  readonly then: Readonly<Record<string, Spec>>;
  readonly annotated?: Readonly<Record<string, string>>;
  readonly absent?: readonly string[];
}

const res = (fqn: string, apiVersion: string, kind: string, spec: Spec): ConfigResource => ({
  fqn,
  apiVersion,
  kind,
  name: fqn.split('/').pop() ?? '',
  metadata: {},
  spec,
});
export const profile = (fqn: string, spec: Spec): ConfigResource => res(fqn, 'profile.tsb.tetrate.io/v2', 'Profile', spec);
const ss = (spec: Spec): ConfigResource => res(`${SEC}/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', spec);
const ts = (spec: Spec): ConfigResource => res(`${TRAFFIC}/settings/default`, 'traffic.tsb.tetrate.io/v2', 'TrafficSetting', spec);
const auth = (trafficMode: string): Spec => ({ authenticationSettings: { trafficMode } });
const P = (name: string): string => `${WS}/profiles/${name}`;
const PA = 'bookinfo/PeerAuthentication/sec-default';
const NAMESPACE_SIDECAR = { egress: [{ hosts: ['./*', 'istio-system/*', 'xcp-multicluster/*'] }] };

export const PROFILE_GOLDENS: readonly ProfileGolden[] = [
  {
    name: 'Profile defaults fill what a SecuritySetting leaves unset (trafficMode OPTIONAL → PERMISSIVE)',
    ref: REF,
    cluster: 'c1',
    given: [profile(P('permissive'), { defaults: auth('OPTIONAL') }), ss({ profiles: [P('permissive')], authorization: { mode: 'NAMESPACE' } })],
    then: { [PA]: { mtls: { mode: 'PERMISSIVE' } } },
  },
  {
    name: "a SecuritySetting's own field wins over a Profile default (REQUIRED over the default OPTIONAL)",
    ref: REF,
    cluster: 'c1',
    given: [profile(P('permissive'), { defaults: auth('OPTIONAL') }), ss({ profiles: [P('permissive')], ...auth('REQUIRED') })],
    then: { [PA]: { mtls: { mode: 'STRICT' } } },
  },
  {
    name: "a Profile mandate replaces the SecuritySetting's own value (mandated REQUIRED over own OPTIONAL): a mandate cannot be relaxed",
    ref: REF,
    cluster: 'c1',
    given: [profile(P('strict'), { mandates: auth('REQUIRED') }), ss({ profiles: [P('strict')], ...auth('OPTIONAL') })],
    then: { [PA]: { mtls: { mode: 'STRICT' } } },
  },
  {
    name: 'a mandate of a Profile the Organization attaches holds below it: over the WorkspaceSetting default and the group setting',
    ref: REF,
    cluster: 'c2',
    given: [
      profile(`${ORG}/profiles/strict`, { mandates: auth('REQUIRED') }),
      res(ORG, 'api.tsb.tetrate.io/v2', 'Organization', { profiles: [`${ORG}/profiles/strict`] }),
      res(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', { defaultSecuritySetting: auth('OPTIONAL') }),
      ss(auth('OPTIONAL')),
    ],
    then: { [PA]: { mtls: { mode: 'STRICT' } }, 'reviews/PeerAuthentication/sec-default': { mtls: { mode: 'STRICT' } } },
  },
  {
    name: 'several profiles: for defaults the later in the list wins',
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('a'), { defaults: auth('REQUIRED') }),
      profile(P('b'), { defaults: auth('OPTIONAL') }),
      ss({ profiles: [P('a'), P('b')], authorization: { mode: 'NAMESPACE' } }),
    ],
    then: { [PA]: { mtls: { mode: 'PERMISSIVE' } } },
  },
  {
    name: 'several profiles: for mandates of the same field the earlier evaluated wins (a later mandate cannot relax it)',
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('a'), { mandates: auth('REQUIRED') }),
      profile(P('b'), { mandates: auth('OPTIONAL') }),
      ss({ profiles: [P('a'), P('b')], authorization: { mode: 'NAMESPACE' } }),
    ],
    then: { [PA]: { mtls: { mode: 'STRICT' } } },
  },
  {
    name: "defaults' unsetFields remove a field an earlier profile's defaults set (no PeerAuthentication is written)",
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('a'), { defaults: auth('OPTIONAL') }),
      profile(P('b'), { defaults: { unsetFields: ['authenticationSettings.trafficMode'] } }),
      ss({ profiles: [P('a'), P('b')], authorization: { mode: 'NAMESPACE' } }),
    ],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }] } },
    absent: [PA],
  },
  {
    name: "mandates' unsetFields keep a field unset over the resource's own value and later mandates",
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('a'), { mandates: { unsetFields: ['authenticationSettings.trafficMode'] } }),
      profile(P('b'), { mandates: auth('OPTIONAL') }),
      ss({ profiles: [P('a'), P('b')], ...auth('REQUIRED'), authorization: { mode: 'NAMESPACE' } }),
    ],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }] } },
    absent: [PA],
  },
  {
    name: 'a SecuritySetting listing a Profile that does not exist fails closed: a DENY-all policy naming the profile (its mandates cannot be enforced)',
    ref: REF,
    cluster: 'c1',
    given: [ss({ profiles: [P('missing')], authorization: { mode: 'NAMESPACE' } })],
    then: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': { action: 'DENY', rules: [{}] } },
    annotated: { 'bookinfo/AuthorizationPolicy/sec-default-fail-closed': `profiles: ${P('missing')} does not exist; its mandates cannot be enforced [MB3050]` },
  },
  {
    name: 'a Profile the Workspace attaches applies to its namespaces without any SecuritySetting (TSB lab: Workspace.profiles)',
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('strict'), { defaults: auth('REQUIRED') }),
      res(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/bookinfo', '*/reviews', 'c1/shared'] }, profiles: [P('strict')] }),
    ],
    then: { [PA]: { mtls: { mode: 'STRICT' } }, 'shared/PeerAuthentication/bookinfo-default': { mtls: { mode: 'STRICT' } } },
  },
  {
    name: "a traffic mandate (traffic.outbound.reachability) replaces the TrafficSetting's own reachability; the deprecated trafficSettings shape works as defaults",
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('reach'), {
        defaults: { trafficSettings: { reachability: { mode: 'CLUSTER' } } },
        mandates: { traffic: { outbound: { reachability: { mode: 'NAMESPACE' } } } },
      }),
      ts({ profiles: [P('reach')], outbound: { reachability: { mode: 'CLUSTER' } } }),
    ],
    then: { 'bookinfo/Sidecar/traffic-default': NAMESPACE_SIDECAR },
  },
  {
    name: 'traffic defaults apply where the TrafficSetting is silent; mandates unsetFields (traffic.reachability) drop the deprecated top-level field',
    ref: REF,
    cluster: 'c1',
    given: [
      profile(P('reach'), {
        defaults: { traffic: { outbound: { reachability: { mode: 'NAMESPACE' } } } },
        mandates: { unsetFields: ['traffic.reachability'] },
      }),
      ts({ profiles: [P('reach')], reachability: { mode: 'CLUSTER' } }),
    ],
    then: { 'bookinfo/Sidecar/traffic-default': NAMESPACE_SIDECAR },
  },
  {
    name: 'profiles attached at every level (OrganizationSetting, Tenant, TenantSetting, WorkspaceSetting) evaluate top first: the tenant mandate holds against the workspace one',
    ref: REF,
    cluster: 'c1',
    given: [
      profile(`${ORG}/profiles/org-default`, { defaults: auth('REQUIRED') }),
      profile(`${TENANT}/profiles/tenant-default`, { defaults: auth('OPTIONAL') }),
      profile(`${TENANT}/profiles/tenant-mandate`, { mandates: auth('REQUIRED') }),
      profile(P('ws-mandate'), { mandates: auth('OPTIONAL') }),
      res(`${ORG}/settings/default`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', { profiles: [`${ORG}/profiles/org-default`] }),
      res(TENANT, 'api.tsb.tetrate.io/v2', 'Tenant', { profiles: [`${TENANT}/profiles/tenant-default`] }),
      res(`${TENANT}/settings/default`, 'api.tsb.tetrate.io/v2', 'TenantSetting', { profiles: [`${TENANT}/profiles/tenant-mandate`] }),
      res(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', { profiles: [P('ws-mandate')] }),
    ],
    then: { [PA]: { mtls: { mode: 'STRICT' } } },
  },
  {
    name: "without mandates, a lower level's profile default replaces a higher one (the Tenant's OPTIONAL over the OrganizationSetting's REQUIRED)",
    ref: REF,
    cluster: 'c1',
    given: [
      profile(`${ORG}/profiles/org-default`, { defaults: auth('REQUIRED') }),
      profile(`${TENANT}/profiles/tenant-default`, { defaults: auth('OPTIONAL') }),
      res(`${ORG}/settings/default`, 'api.tsb.tetrate.io/v2', 'OrganizationSetting', { profiles: [`${ORG}/profiles/org-default`] }),
      res(TENANT, 'api.tsb.tetrate.io/v2', 'Tenant', { profiles: [`${TENANT}/profiles/tenant-default`] }),
    ],
    then: { [PA]: { mtls: { mode: 'PERMISSIVE' } } },
  },
];
