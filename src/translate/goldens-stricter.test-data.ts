/**
 * Goldens for STRICTER propagation of RULES authorization at two levels (issue #18): TSB's lineage
 * rule. TSB (terraform-provider-tsb docs/resources/security_security_setting.md, `authorization`):
 * with STRICTER, allow rules can only be refined by subsets of a rule above; an allow rule from
 * `w1` to `w2` higher up may be refined lower down only with the same resources or their lineage
 * (`w1`'s security group `sg1` as from, `w2`'s `sg2` as to); deny rules of every level apply.
 * Included in GOLDENS by goldens.test-data.ts (this file imports nothing back).
 */
import type { ConfigResource } from './model.js';

const REF =
  'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/security/v2/security_setting (terraform-provider-tsb docs/resources/security_security_setting.md: authorization, propagation_strategy)';
const TENANT = 'organizations/tetrate/tenants/prod';
const WS = `${TENANT}/workspaces/bookinfo`;
const SEC = `${WS}/securitygroups/sec`;

const resource = (fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown>): ConfigResource => ({
  fqn,
  apiVersion,
  kind,
  name: fqn.split('/').pop() ?? '',
  metadata: {},
  spec,
});
const parent = resource(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', {
  defaultSecuritySetting: { propagationStrategy: 'STRICTER', authorization: { mode: 'RULES', rules: { allow: [{ from: { fqn: WS }, to: { fqn: WS } }] } } },
});
const child = (allow: { from: string; to: string }[]): ConfigResource =>
  resource(`${SEC}/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', {
    authorization: { mode: 'RULES', rules: { allow: allow.map((a) => ({ from: { fqn: a.from }, to: { fqn: a.to } })) } },
  });
const ALLOW_NS = (namespaces: string[]): Record<string, unknown> => ({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces } }] }] });

export const STRICTER_GOLDENS = [
  {
    name: "STRICTER RULES at two levels: a group's allow rule from the workspace's own security group narrows the workspace default's rule; one from the tenant (an ancestor: wider) is dropped",
    ref: REF,
    cluster: 'c1' as const,
    given: [
      parent,
      child([
        { from: SEC, to: WS },
        { from: TENANT, to: WS },
      ]),
    ],
    // sec selects bookinfo and reviews; the workspace also owns shared (c1).
    then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews']) },
  },
  {
    name: "STRICTER RULES at two levels: when none of the group's allow rules stays within a rule above (wider from, wider to), the workspace default's rules stay",
    ref: REF,
    cluster: 'c1' as const,
    given: [
      parent,
      child([
        { from: TENANT, to: WS },
        { from: SEC, to: TENANT },
      ]),
    ],
    then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo', 'reviews', 'shared']) },
  },
  // ---- different modes under STRICTER (issue #18 review): no fixed rank; both apply.
  ...acrossModes(),
];

/**
 * TSB's reference orders the modes (a mode "can only be changed from UNSET to DISABLED to CLUSTER
 * to WORKSPACE to NAMESPACE to GROUP to RULES to CUSTOM"), but read as "the later replaces the
 * earlier" that widens access (a GROUP spanning two namespaces under NAMESPACE). Safe reading
 * (stricter-authz.ts, docs/translation.md): the child's mode and every inherited one apply, so
 * a caller must satisfy both; a child that would allow more than the parent is narrowed and says
 * so (MB3071). On c2 the security group selects bookinfo and reviews.
 */
function acrossModes(): {
  name: string;
  ref: string;
  cluster: 'c2';
  given: ConfigResource[];
  then: Record<string, Record<string, unknown>>;
  annotated?: Record<string, string>;
}[] {
  const REF_SAFE = `${REF}: TSB's mode order UNSET→DISABLED→CLUSTER→WORKSPACE→NAMESPACE→GROUP→RULES→CUSTOM read literally widens access; safe reading: both modes apply`;
  const ws = (authorization: Record<string, unknown>): ConfigResource =>
    resource(`${WS}/settings/default`, 'api.tsb.tetrate.io/v2', 'WorkspaceSetting', {
      defaultSecuritySetting: { propagationStrategy: 'STRICTER', authorization },
    });
  const own = (authorization: Record<string, unknown>): ConfigResource =>
    resource(`${SEC}/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', { authorization });
  return [
    {
      name: 'STRICTER across modes: a group GROUP (bookinfo + reviews) under an inherited NAMESPACE does not open bookinfo to reviews: each namespace still only allows itself',
      ref: REF_SAFE,
      cluster: 'c2',
      given: [ws({ mode: 'NAMESPACE' }), own({ mode: 'GROUP' })],
      then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']), 'reviews/AuthorizationPolicy/sec-default': ALLOW_NS(['reviews']) },
      annotated: {
        'bookinfo/AuthorizationPolicy/sec-default':
          'authorization.mode GROUP allows callers the inherited NAMESPACE forbids; under propagationStrategy STRICTER both apply',
      },
    },
    {
      name: "STRICTER across modes: CUSTOM ['other/*', 'bookinfo/web-sa'] under an inherited NAMESPACE keeps only the same-namespace account; other/* is not allowed in",
      ref: REF_SAFE,
      cluster: 'c2',
      given: [ws({ mode: 'NAMESPACE' }), own({ mode: 'CUSTOM', serviceAccounts: ['other/*', 'bookinfo/web-sa'] })],
      then: {
        'bookinfo/AuthorizationPolicy/sec-default': {
          action: 'ALLOW',
          rules: [{ from: [{ source: { namespaces: ['bookinfo'], principals: ['c1.example/ns/bookinfo/sa/web-sa', 'c2.example/ns/bookinfo/sa/web-sa'] } }] }],
        },
        // Nobody in the list is in reviews: an ALLOW policy without rules (deny-all).
        'reviews/AuthorizationPolicy/sec-default': { action: 'ALLOW' },
      },
      annotated: { 'reviews/AuthorizationPolicy/sec-default': 'authorization.mode CUSTOM allows callers the inherited NAMESPACE forbids' },
    },
    {
      name: 'STRICTER across modes: a group NAMESPACE under an inherited GROUP is narrower in every case: applied as written, no event',
      ref: REF_SAFE,
      cluster: 'c2',
      given: [ws({ mode: 'GROUP' }), own({ mode: 'NAMESPACE' })],
      then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']), 'reviews/AuthorizationPolicy/sec-default': ALLOW_NS(['reviews']) },
    },
    {
      name: 'STRICTER across modes: RULES under an inherited CUSTOM cannot be intersected: the inherited CUSTOM is kept, with the reason',
      ref: REF_SAFE,
      cluster: 'c2',
      given: [ws({ mode: 'CUSTOM', serviceAccounts: ['bookinfo/*'] }), own({ mode: 'RULES', rules: { allow: [{ from: { fqn: TENANT }, to: { fqn: WS } }] } })],
      then: { 'bookinfo/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']), 'reviews/AuthorizationPolicy/sec-default': ALLOW_NS(['bookinfo']) },
      annotated: { 'bookinfo/AuthorizationPolicy/sec-default': 'authorization.mode RULES cannot be intersected with the inherited CUSTOM' },
    },
  ];
}
