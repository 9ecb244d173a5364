/**
 * What a resource's status must say about translation (issue #18: nothing accepted then ignored):
 * the fields it sets that are not translated, and references to things that do not exist. The
 * server folds these into the status it answers; never READY while any is present.
 */
import { untranslatedFields } from '../api/index.js';
import type { ConfigResource } from './model.js';
import { type Obj, list, obj, str, strings } from './values.js';
import { matchProblems } from './route-match.js';
import { unreadKeys } from './unread-keys.js';

/** Kinds whose `profiles` translation applies (inherit.ts, profiles.ts). */
const PROFILE_KINDS = new Set([
  'Organization',
  'Tenant',
  'Workspace',
  'OrganizationSetting',
  'TenantSetting',
  'WorkspaceSetting',
  'SecuritySetting',
  'TrafficSetting',
]);

/** One event on a resource's status. */
export interface TranslationNote {
  readonly field: string;
  readonly code: string;
  readonly reason: string;
  readonly failClosed: boolean;
}

/** A reference the server must check exists: `fqn` named at `field`. */
export interface Reference {
  readonly field: string;
  readonly fqn: string;
  readonly code: string;
  readonly reason: string;
  readonly failClosed: boolean;
}

/** Fields set but not translated (pure: from the spec alone). */
export function fieldNotes(res: Pick<ConfigResource, 'apiVersion' | 'kind' | 'spec'>): TranslationNote[] {
  return [
    ...untranslatedFields(res.apiVersion, res.kind, res.spec).map((n) => ({
      field: n.field,
      code: n.code,
      reason: n.reason,
      failClosed: n.support === 'fail-closed',
    })),
    // Match keys translation does not understand (stored before the schemas were closed).
    ...matchProblems(res.kind, res.spec as Obj).map((p) => ({
      field: p.slice(0, p.indexOf(':')),
      code: 'MB3070',
      reason: p.slice(p.indexOf(':') + 2).replace(/ \[MB3070\]$/, ''),
      failClosed: true,
    })),
    ...unreadKeys(res.kind, res.spec as Obj).map((field) => ({
      field,
      code: 'MB3072',
      reason: 'not read by translation (only resilience.keepAlive.tcp.{probes, time, interval} are)',
      failClosed: false,
    })),
  ];
}

function orgOf(fqn: string): string {
  return fqn.split('/').slice(0, 2).join('/');
}

/** Clusters a Tier1Gateway routes to and FQNs RULES authorization names: each must exist. */
export function references(res: Pick<ConfigResource, 'fqn' | 'kind' | 'spec'>): Reference[] {
  const out: Reference[] = [];
  if (res.kind === 'Tier1Gateway') {
    list(res.spec.externalServers).forEach((s, i) =>
      list(s.clusters).forEach((c, j) => {
        const name = str(c.name);
        if (name)
          out.push({
            field: `spec.externalServers[${i}].clusters[${j}].name`,
            fqn: `${orgOf(res.fqn)}/clusters/${name}`,
            code: 'MB3013',
            reason: `cluster ${name} does not exist; no traffic is sent to it`,
            failClosed: false,
          });
      }),
    );
  }
  const rulesOf = (authz: Obj, prefix: string): void => {
    const rules = obj(authz.rules);
    for (const kind of ['allow', 'deny'] as const) {
      list(rules[kind]).forEach((r, i) => {
        for (const side of ['from', 'to'] as const) {
          const fqn = str(obj(r[side]).fqn);
          if (fqn)
            out.push({
              field: `${prefix}.rules.${kind}[${i}].${side}.fqn`,
              fqn,
              code: 'MB3015',
              reason: kind === 'deny' ? `${fqn} does not exist; the target is denied all traffic` : `${fqn} does not exist; it is allowed nothing`,
              failClosed: true,
            });
        }
      });
    }
  };
  if (PROFILE_KINDS.has(res.kind)) {
    const security = res.kind !== 'TrafficSetting';
    const lists: [string, unknown][] = [
      ['spec.profiles', res.spec.profiles],
      ['spec.defaultSecuritySetting.profiles', obj(res.spec.defaultSecuritySetting).profiles],
      ['spec.defaultTrafficSetting.profiles', obj(res.spec.defaultTrafficSetting).profiles],
    ];
    for (const [at, fqns] of lists)
      strings(fqns).forEach((fqn, i) =>
        out.push({
          field: `${at}[${i}]`,
          fqn,
          code: 'MB3050',
          reason: security
            ? `profile ${fqn} does not exist; its mandates cannot be enforced, so the workloads are denied`
            : `profile ${fqn} does not exist; its defaults and mandates are not applied`,
          failClosed: security,
        }),
      );
  }
  if (res.kind === 'SecuritySetting') rulesOf(obj(res.spec.authorization), 'spec.authorization');
  if (/Setting$/.test(res.kind) && res.kind !== 'SecuritySetting')
    rulesOf(obj(obj(res.spec.defaultSecuritySetting).authorization), 'spec.defaultSecuritySetting.authorization');
  return out;
}

/**
 * The status with translation notes folded in: READY (or accepted with no report yet) becomes
 * PARTIAL, each note is an event naming its field and code, and the message names them.
 */
export function withNotes(status: Readonly<Record<string, unknown>>, notes: readonly TranslationNote[]): Record<string, unknown> {
  if (notes.length === 0) return { ...status };
  const events = notes.map((n) => ({
    type: n.failClosed ? 'TRANSLATION_FAIL_CLOSED' : 'TRANSLATION_FIELD_IGNORED',
    field: n.field,
    code: n.code,
    message: `${n.field}: ${n.reason} [${n.code}]`,
  }));
  const current = String(status.status ?? 'ACCEPTED');
  const unreported = current === 'ACCEPTED' && status.lastEvent === 'TSB_ACCEPTED';
  const partial = current === 'READY' || unreported;
  const summary = `not translated: ${notes.map((n) => `${n.field} [${n.code}]`).join(', ')}`;
  return {
    ...status,
    ...(partial ? { status: 'PARTIAL', lastEvent: notes.some((n) => n.failClosed) ? 'TRANSLATION_FAIL_CLOSED' : 'TRANSLATION_PARTIAL' } : {}),
    message: status.message ? `${String(status.message)}; ${summary}` : summary,
    events,
  };
}
