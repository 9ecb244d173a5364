/**
 * STRICTER propagation across different authorization modes (issue #18 review). TSB's reference
 * (refs/tsb/security/v2/security_setting; terraform-provider-tsb
 * docs/resources/organization_setting.md and security_security_setting.md, `authorization`) says
 * the most restrictive mode prevails and that a mode "can only be changed from UNSET to DISABLED
 * to CLUSTER to WORKSPACE to NAMESPACE to GROUP to RULES to CUSTOM"; it spells out CUSTOM vs
 * CUSTOM and RULES vs RULES, but not what a caller may do when the modes differ. Read as "a later
 * mode replaces an earlier one" it widens access: a GROUP spanning ns-a and ns-b, or CUSTOM
 * ['other/*'], allows callers a parent NAMESPACE forbids.
 *
 * Safe reading (ours, documented in docs/translation.md): under STRICTER both levels apply, i.e.
 * a caller must be allowed by the child's mode AND by every inherited mode. Istio ALLOW policies
 * OR together, so the inherited modes become extra conditions ANDed into each source of the
 * child's ALLOW rules (security.ts applyBounds): NAMESPACE/GROUP/WORKSPACE as `namespaces`,
 * CLUSTER as the cluster's trust-domain `principals`. Where the result is not simply the child's
 * mode (the child allows sources the parent does not), the status says so (MB3071). CUSTOM and
 * RULES above one another cannot be expressed as such a condition: the inherited one is kept and
 * the status says so.
 */
import { type Obj, str, strings } from './values.js';

/** Internal keys on the effective `authorization` (never in a stored spec). */
export const BOUNDS = 'meshbridgeStricterBounds';
export const STRICTER_NOTES = 'meshbridgeStricterNotes';

const SCOPED = ['CLUSTER', 'WORKSPACE', 'GROUP', 'NAMESPACE'];
/** Child ⊆ parent whatever the namespaces: a namespace lies in its group, a group in its workspace. */
const IMPLIED: Readonly<Record<string, readonly string[]>> = { GROUP: ['NAMESPACE'], WORKSPACE: ['GROUP', 'NAMESPACE'] };

const modeOf = (a: Obj): string => str(a.mode) ?? 'UNSET';

function withMeta(a: Obj, bounds: readonly string[], notes: readonly string[]): Obj {
  const out: Obj = { ...a };
  delete out[BOUNDS];
  delete out[STRICTER_NOTES];
  if (bounds.length > 0) out[BOUNDS] = [...new Set(bounds)];
  if (notes.length > 0) out[STRICTER_NOTES] = [...notes];
  return out;
}

/** Parent and child authorization with different modes under STRICTER: their intersection. */
export function stricterAcrossModes(parent: Obj, child: Obj): Obj {
  const pm = modeOf(parent);
  const cm = modeOf(child);
  const bounds = strings(parent[BOUNDS]);
  const notes = strings(parent[STRICTER_NOTES]);
  // The parent allows everything: the child's mode is narrower by definition.
  if (pm === 'UNSET' || pm === 'DISABLED') return withMeta({ ...parent, ...child }, bounds, notes);
  // The child sets no mode (inherits) or disables authorization: the parent's mode stays.
  if (cm === 'UNSET') return withMeta({ ...child, ...parent }, bounds, notes);
  if (cm === 'DISABLED')
    return withMeta({ ...child, ...parent }, bounds, [
      ...notes,
      `authorization.mode DISABLED is not applied: propagationStrategy STRICTER above keeps the inherited ${pm}`,
    ]);
  const setLike = (m: string): boolean => m === 'CUSTOM' || m === 'RULES';
  if (setLike(pm) && setLike(cm))
    return withMeta({ ...child, ...parent }, bounds, [
      ...notes,
      `authorization.mode ${cm} cannot be intersected with the inherited ${pm} under propagationStrategy STRICTER; the inherited ${pm} is kept`,
    ]);
  if (setLike(pm))
    // The parent's accounts/rules, restricted to the child's scope (both apply).
    return withMeta(
      { ...child, ...parent },
      [...bounds, cm],
      [...notes, `authorization.mode ${cm} under propagationStrategy STRICTER: the inherited ${pm} sources apply, restricted to ${cm} (both must allow)`],
    );
  if (SCOPED.includes(pm) && (IMPLIED[pm] ?? []).includes(cm)) return withMeta({ ...parent, ...child }, bounds, notes);
  return withMeta(
    { ...parent, ...child },
    [...bounds, pm],
    [
      ...notes,
      `authorization.mode ${cm} allows callers the inherited ${pm} forbids; under propagationStrategy STRICTER both apply (a caller must also satisfy ${pm})`,
    ],
  );
}

/**
 * Status events of a SecuritySetting (or a settings resource whose defaultSecuritySetting is in
 * force) whose authorization mode STRICTER narrowed or overrode (MB3071), from the effective
 * specs the index holds. Pure: the status follows the configuration as translation does.
 */
export function stricterNotes(
  res: { readonly fqn: string; readonly kind: string },
  leaves: readonly { readonly resource: { readonly fqn: string; readonly kind: string; readonly spec: Obj } }[],
): { field: string; code: string; reason: string; failClosed: boolean }[] {
  const field = res.kind === 'SecuritySetting' ? 'spec.authorization.mode' : 'spec.defaultSecuritySetting.authorization.mode';
  const reasons = new Set<string>();
  for (const l of leaves) {
    if (l.resource.fqn !== res.fqn || l.resource.kind !== 'SecuritySetting') continue;
    const a = l.resource.spec.authorization;
    if (a !== null && typeof a === 'object') for (const n of strings((a as Obj)[STRICTER_NOTES])) reasons.add(n);
  }
  return [...reasons].map((reason) => ({ field, code: 'MB3071', reason, failClosed: true }));
}
