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
];
