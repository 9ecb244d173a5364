/**
 * Profile defaults and mandates (TSB alpha, profile.tsb.tetrate.io/v2; terraform-provider-tsb
 * docs/resources/profile_profile.md). A resource attaches profiles with `profiles: [fqn]`:
 *
 * - `defaults` "are allowed to be overwritten by subsequent profiles or by user defined
 *   configurations in the attached resources": folded in list order (a later profile wins), then
 *   the resource's own fields on top. A default's `unsetFields` removes those paths from the
 *   defaults of the profiles evaluated before it.
 * - `mandates` "can't be relaxed": applied over everything (the resource's own fields and the
 *   whole settings hierarchy). TSB: fields a mandate's `unsetFields` names "must remain unset,
 *   even if subsequent evaluated Profile Mandates define them", so for mandates the EARLIER
 *   evaluated one wins (higher in the hierarchy first, then list order); meshbridge reads a later
 *   mandate of the same field the same way (it cannot relax the earlier one).
 * - A ProfileConfig maps onto the attached settings: `authenticationSettings` → SecuritySetting
 *   `authenticationSettings`, `wafSettings` → `waf`, `wasmExtensions` → `extension`,
 *   `trafficSettings` then `traffic` → the TrafficSetting body. Objects merge field by field;
 *   lists and scalars are replaced whole.
 * - A profile that does not exist: its mandates cannot be enforced. For security the effective spec
 *   carries the reason under PROFILE_FAIL_CLOSED and the workloads are denied (security.ts); the
 *   status names the field (notes.ts references, MB3050).
 */
import type { ConfigResource } from './model.js';
import { type Obj, isEmpty, obj, strings } from './values.js';

export type Section = 'security' | 'traffic';

/** Key of an effective SecuritySetting spec listing mandates that could not be enforced. */
export const PROFILE_FAIL_CLOSED = 'meshbridge:profileFailClosed';

/** Profiles by FQN (what buildIndex collects). */
export type ProfileMap = ReadonlyMap<string, ConfigResource>;

const isPlain = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `over` on top of `base`: plain objects merge recursively, anything else replaces. */
export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  }
  return out;
}

/** `value` without the sub-path `segs` (through every element of a list). */
function unset(value: unknown, segs: readonly string[]): unknown {
  if (segs.length === 0) return undefined;
  if (Array.isArray(value)) return value.map((x) => unset(x, segs));
  if (!isPlain(value) || !(segs[0] in value)) return value;
  const [head, ...rest] = segs;
  const out: Obj = { ...value };
  const child = rest.length === 0 ? undefined : unset(value[head], rest);
  if (child === undefined || (isPlain(child) && isEmpty(child))) delete out[head];
  else out[head] = child;
  return out;
}

/** An `unsetFields` path (relative to ProfileConfig) as a path of `section`'s spec; undefined when it names the other section. */
function specPath(path: string, section: Section): string[] | undefined {
  const [head, ...rest] = path.split('.');
  if (section === 'traffic') return head === 'traffic' || head === 'trafficSettings' ? rest : undefined;
  const to: Record<string, string> = { authenticationSettings: 'authenticationSettings', wafSettings: 'waf', wasmExtensions: 'extension' };
  return to[head] ? [to[head], ...rest] : undefined;
}

function removeAll(spec: Obj, paths: readonly string[], section: Section): Obj {
  let out = spec;
  for (const p of paths) {
    const segs = specPath(p, section);
    if (segs === undefined) continue;
    out = segs.length === 0 ? {} : obj(unset(out, segs));
  }
  return out;
}

/** The part of a Security/TrafficSetting spec a ProfileConfig sets. */
function project(config: Obj, section: Section): Obj {
  if (section === 'traffic') return deepMerge(obj(config.trafficSettings), obj(config.traffic));
  const out: Obj = {};
  if (!isEmpty(obj(config.authenticationSettings))) out.authenticationSettings = config.authenticationSettings;
  if (!isEmpty(obj(config.wafSettings))) out.waf = config.wafSettings;
  if (Array.isArray(config.wasmExtensions) && config.wasmExtensions.length > 0) out.extension = config.wasmExtensions;
  return out;
}

/** `own` with the defaults of the listed profiles under it (missing profiles contribute nothing here). */
export function withProfileDefaults(own: Obj, fqns: readonly string[], profiles: ProfileMap, section: Section): Obj {
  let defaults: Obj = {};
  for (const fqn of fqns) {
    const config = obj(profiles.get(fqn)?.spec.defaults);
    defaults = deepMerge(removeAll(defaults, strings(config.unsetFields), section), project(config, section));
  }
  return isEmpty(defaults) ? own : deepMerge(defaults, own);
}

/**
 * `spec` with the mandates of `fqns` (in evaluation order: the hierarchy top first, each level's
 * list in order) over it; the earlier mandate of a field wins. For security, profiles that do not
 * exist are listed under PROFILE_FAIL_CLOSED (their mandates cannot be enforced).
 */
export function withProfileMandates(spec: Obj, fqns: readonly string[], profiles: ProfileMap, section: Section): Obj {
  let mandates: Obj = {};
  const unsetPaths: string[] = [];
  const missing: string[] = [];
  for (const fqn of fqns) {
    const p = profiles.get(fqn);
    if (!p) {
      if (!missing.includes(fqn)) missing.push(fqn);
      continue;
    }
    const config = obj(p.spec.mandates);
    // Earlier mandates win: what they unset stays unset, what they set stays set.
    mandates = deepMerge(removeAll(project(config, section), unsetPaths, section), mandates);
    unsetPaths.push(...strings(config.unsetFields));
  }
  const out = removeAll(deepMerge(spec, mandates), unsetPaths, section);
  if (section === 'security' && missing.length > 0)
    out[PROFILE_FAIL_CLOSED] = missing.map((f) => `profiles: ${f} does not exist; its mandates cannot be enforced [MB3050]`);
  return out;
}

/** Every leaf of `o` as `a.b.c` → its value as JSON (lists are leaves). */
function leaves(o: Obj, at = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    const path = at ? `${at}.${k}` : k;
    if (isPlain(v) && !isEmpty(v)) leaves(v, path, out);
    else out.set(path, JSON.stringify(v));
  }
  return out;
}

/** The profile lists a resource of `kind` carries, with the field each sits at. */
function profileLists(res: Pick<ConfigResource, 'kind' | 'spec'>): [string, string[]][] {
  return [
    ['spec.profiles', strings(res.spec.profiles)],
    ['spec.defaultSecuritySetting.profiles', strings(obj(res.spec.defaultSecuritySetting).profiles)],
    ['spec.defaultTrafficSetting.profiles', strings(obj(res.spec.defaultTrafficSetting).profiles)],
  ];
}

/**
 * Status events of a resource whose `profiles` list holds two profiles mandating the same field
 * differently (MB3051): the earlier mandate wins (TSB: a mandate cannot be relaxed by profiles
 * evaluated after it), so the later value is not applied and the status says so, naming the
 * later entry, the field and the profile that keeps it.
 */
export function mandateConflictNotes(
  res: Pick<ConfigResource, 'kind' | 'spec'>,
  profiles: ProfileMap,
): { field: string; code: string; reason: string; failClosed: boolean }[] {
  const out: { field: string; code: string; reason: string; failClosed: boolean }[] = [];
  for (const [at, fqns] of profileLists(res)) {
    const held = new Map<string, { value: string; fqn: string }>();
    fqns.forEach((fqn, i) => {
      const mandates = obj(profiles.get(fqn)?.spec.mandates);
      const set = leaves({ ...project(mandates, 'security'), ...project(mandates, 'traffic') });
      for (const [path, value] of set) {
        const earlier = held.get(path);
        if (!earlier) held.set(path, { value, fqn });
        else if (earlier.value !== value)
          out.push({
            field: `${at}[${i}]`,
            code: 'MB3051',
            reason: `its mandate ${path} = ${value} is not applied: ${earlier.fqn}, earlier in the list, mandates ${earlier.value} (a mandate cannot be relaxed by a later profile)`,
            failClosed: false,
          });
      }
    });
  }
  return out;
}
