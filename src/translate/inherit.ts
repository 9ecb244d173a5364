/**
 * Inheritance of defaultSecuritySetting / defaultTrafficSetting from OrganizationSetting →
 * TenantSetting → WorkspaceSetting → the group's own setting, with SecuritySetting's
 * propagationStrategy (TSB refs/tsb/security/v2/security_setting; terraform-provider-tsb
 * docs/resources/security_security_setting.md "propagation_strategy"):
 *
 * - REPLACE (default): a property set lower in the hierarchy replaces the one above; properties
 *   left unset are inherited.
 * - STRICTER: once a level above says STRICTER, it holds for every level below whatever they say;
 *   authentication traffic mode and authorization mode keep the most restrictive value along the
 *   chain (UNSET < OPTIONAL < REQUIRED); different authorization modes both apply (their
 *   intersection: stricter-authz.ts); CUSTOM service accounts may only narrow; RULES allow rules may only
 *   narrow along the FQN lineage of one parent rule; RULES deny lists add up.
 */
import { parentFqn } from '../api/index.js';
import type { ConfigResource } from './model.js';
import type { ConfigIndex } from './scope.js';
import { type Obj, isEmpty, list, obj, str, strings } from './values.js';
import { stricterAcrossModes } from './stricter-authz.js';
import { type ProfileMap, type Section, withProfileDefaults, withProfileMandates } from './profiles.js';

/** What inheritance reads: settings by level and, for profiles, the Profiles and the Organization/Tenant/Workspace resources. */
export type Hierarchy = Pick<ConfigIndex, 'settings'> & { readonly profiles?: ProfileMap; readonly levels?: ReadonlyMap<string, ConfigResource> };

/** Organization, tenant and workspace FQNs above (and including) a workspace, top first. */
function levelsOf(workspaceFqn: string): string[] {
  const parts = workspaceFqn.split('/');
  return [parts.slice(0, 2).join('/'), parts.slice(0, 4).join('/'), workspaceFqn];
}

/** Profiles attached at a level: by the Organization/Tenant/Workspace itself, then by its settings resource. */
export function levelProfiles(index: Hierarchy, level: string): string[] {
  return [...strings(index.levels?.get(level)?.spec.profiles), ...strings(index.settings.get(level)?.spec.profiles)];
}

/**
 * One level's specs with their profiles' defaults under them, and every profile in evaluation
 * order (for mandates): organization, tenant, workspace, then the group's own setting.
 */
function withProfiles(
  index: Hierarchy,
  workspaceFqn: string,
  own: Obj | undefined,
  field: 'defaultSecuritySetting' | 'defaultTrafficSetting',
  section: Section,
): { levels: Obj[]; order: string[] } {
  const profiles: ProfileMap = index.profiles ?? new Map();
  const levels: Obj[] = [];
  const order: string[] = [];
  for (const level of levelsOf(workspaceFqn)) {
    const own = obj(index.settings.get(level)?.spec[field]);
    const attached = [...levelProfiles(index, level), ...strings(own.profiles)];
    const spec = withProfileDefaults(own, attached, profiles, section);
    order.push(...attached);
    if (!isEmpty(spec)) levels.push(spec);
  }
  if (own) {
    const attached = strings(own.profiles);
    order.push(...attached);
    levels.push(withProfileDefaults(own, attached, profiles, section));
  }
  return { levels, order };
}

const TRAFFIC_RANK = ['UNSET', 'OPTIONAL', 'REQUIRED'];

/** The settings resources above a workspace, top first: organization, tenant, workspace. */
export function settingsChain(settings: ReadonlyMap<string, ConfigResource>, workspaceFqn: string): ConfigResource[] {
  return levelsOf(workspaceFqn)
    .map((l) => settings.get(l))
    .filter((r): r is ConfigResource => r !== undefined);
}

/** The legacy `authentication` field read as `authenticationSettings.trafficMode`. */
function normalise(spec: Obj): Obj {
  const legacy = str(spec.authentication);
  if (!legacy) return spec;
  const auth = obj(spec.authenticationSettings);
  const { authentication: _legacy, ...rest } = spec;
  return { ...rest, authenticationSettings: { trafficMode: legacy, ...auth } };
}

/** `ns/sa` is at least as strict as `parent` when the namespace matches and parent is `ns/*` or equal. */
function narrows(child: string, parent: string): boolean {
  const [cn, cs] = child.split('/');
  const [pn, ps] = parent.split('/');
  return cn === pn && (ps === '*' || ps === cs);
}

/** `fqn` is `ancestor` itself or lies under it (a workspace's security group, a tenant's workspace). */
function inLineage(fqn: string | undefined, ancestor: string | undefined): boolean {
  if (ancestor === undefined) return true;
  return fqn !== undefined && (fqn === ancestor || fqn.startsWith(`${ancestor}/`));
}

/** A RULES allow rule that allows no more than `parent`: its from and to within the parent's lineage. */
function refines(child: Obj, parent: Obj): boolean {
  return inLineage(str(obj(child.from).fqn), str(obj(parent.from).fqn)) && inLineage(str(obj(child.to).fqn), str(obj(parent.to).fqn));
}

function stricterAuthorization(parent: Obj, child: Obj): Obj {
  // Different modes: both apply (stricter-authz.ts: no fixed rank; a GROUP or CUSTOM child may be wider).
  if ((str(child.mode) ?? 'UNSET') !== (str(parent.mode) ?? 'UNSET')) return stricterAcrossModes(parent, child);
  const mode = str(child.mode);
  if (mode === 'CUSTOM') {
    const ps = strings(parent.serviceAccounts);
    const kept = strings(child.serviceAccounts).filter((c) => ps.some((p) => narrows(c, p)));
    return { ...parent, ...child, serviceAccounts: kept.length > 0 ? kept : ps };
  }
  if (mode === 'RULES') {
    const pr = obj(parent.rules);
    const cr = obj(child.rules);
    // Allow rules can only narrow (TSB's lineage rule): a child rule is kept when its from and to
    // are each the same resource as, or a descendant of, those of one parent rule; when none is,
    // the parent's list stays (as for CUSTOM accounts). No parent allow rules allow everything,
    // so any child list narrows. Deny rules of every level apply.
    const parentAllow = list(pr.allow);
    const kept = list(cr.allow).filter((c) => parentAllow.some((p) => refines(c, p)));
    const allow = parentAllow.length === 0 ? cr.allow : kept.length > 0 ? kept : pr.allow;
    return {
      ...parent,
      ...child,
      rules: { ...(allow ? { allow } : {}), deny: [...list(pr.deny), ...list(cr.deny)], denyAll: pr.denyAll === true || cr.denyAll === true },
    };
  }
  return { ...parent, ...child };
}

/** Merges one level's security spec under the levels above it. */
function mergeSecurity(parent: Obj, child: Obj, stricter: boolean): Obj {
  const p = normalise(parent);
  const c = normalise(child);
  const out: Obj = { ...p, ...c };
  const pa = obj(p.authenticationSettings);
  const ca = obj(c.authenticationSettings);
  if (!isEmpty(pa) || !isEmpty(ca)) {
    const auth: Obj = { ...pa, ...ca };
    if (stricter) {
      const r = (m: unknown): number => TRAFFIC_RANK.indexOf(str(m) ?? 'UNSET');
      auth.trafficMode = r(pa.trafficMode) > r(ca.trafficMode) ? pa.trafficMode : (ca.trafficMode ?? pa.trafficMode);
    }
    out.authenticationSettings = auth;
  }
  const pz = obj(p.authorization);
  const cz = obj(c.authorization);
  if (!isEmpty(pz) || !isEmpty(cz)) out.authorization = stricter && !isEmpty(pz) && !isEmpty(cz) ? stricterAuthorization(pz, cz) : isEmpty(cz) ? pz : cz;
  return out;
}

/** The effective SecuritySetting spec of a group: defaults down the chain, then `own`. */
export function effectiveSecurity(index: Hierarchy, workspaceFqn: string, own: Obj | undefined): Obj {
  const { levels, order } = withProfiles(index, workspaceFqn, own, 'defaultSecuritySetting', 'security');
  let out: Obj = {};
  let stricter = false;
  for (const level of levels) {
    out = mergeSecurity(out, level, stricter);
    if (level.propagationStrategy === 'STRICTER') stricter = true;
  }
  if (stricter) out.propagationStrategy = 'STRICTER';
  return withProfileMandates(normalise(out), order, index.profiles ?? new Map(), 'security');
}

/** The effective TrafficSetting spec: each property (and each `outbound` part) set lower replaces the one above. */
export function effectiveTraffic(index: Hierarchy, workspaceFqn: string, own: Obj | undefined): Obj {
  const { levels, order } = withProfiles(index, workspaceFqn, own, 'defaultTrafficSetting', 'traffic');
  let out: Obj = {};
  for (const level of levels) {
    const outbound = { ...obj(out.outbound), ...obj(level.outbound) };
    out = { ...out, ...level, ...(isEmpty(outbound) ? {} : { outbound }) };
  }
  return withProfileMandates(out, order, index.profiles ?? new Map(), 'traffic');
}

/** The most specific settings resource above a workspace that carries `field` (for ownership). */
export function defaultSource(index: Hierarchy, workspaceFqn: string, field: 'defaultSecuritySetting' | 'defaultTrafficSetting'): ConfigResource | undefined {
  let found: ConfigResource | undefined;
  for (const level of levelsOf(workspaceFqn)) {
    const s = index.settings.get(level);
    if (s && !isEmpty(obj(s.spec[field]))) found = s;
    // Profiles attached at a level apply to the workspace's namespaces even without a default.
    else if (levelProfiles(index, level).length > 0) found = s ?? index.levels?.get(level) ?? found;
  }
  return found;
}

/** The level an FQN configures: a settings resource stands for its parent. */
export function levelOf(fqn: string): string {
  return /\/settings\/[^/]+$/.test(fqn) ? parentFqn(fqn) : fqn;
}
