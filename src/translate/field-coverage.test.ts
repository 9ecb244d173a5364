import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS, fieldDeclarations } from '../api/index.js';
import { specSchema } from '../api/schemas/index.js';
import type { ConfigResource } from './model.js';
import { GOLDENS, PARTIAL_FIELDS, base } from './goldens.test-data.js';
import { fixture } from './_fixture.js';
import { base as crossClusterBase } from './multicluster/goldens.test-data.js';
import { GOLDENS as CROSS_CLUSTER_GOLDENS } from './multicluster/goldens-cases.test-data.js';

/** Leaf field paths of a TypeBox/JSON schema: `a.b`, list items as `a[].b`; maps and unions are leaves. */
function schemaPaths(schema: unknown, at = ''): string[] {
  const s = schema as { type?: string; properties?: Record<string, unknown>; items?: unknown };
  if (s.type === 'object' && s.properties) return Object.entries(s.properties).flatMap(([k, v]) => schemaPaths(v, at ? `${at}.${k}` : k));
  if (s.type === 'array' && s.items) return schemaPaths(s.items, `${at}[]`);
  return [at];
}

/** Paths a value sets, indices written `[]`. */
function valuePaths(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.length === 0 ? [at] : v.flatMap((x) => valuePaths(x, `${at}[]`));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length === 0 ? [at] : [at, ...entries.flatMap(([k, x]) => valuePaths(x, at ? `${at}.${k}` : k))];
  }
  return [at];
}

const covers = (prefix: string, path: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[]`);

/**
 * One shape translated by one function wherever it appears is exercised once: a JWT rule
 * (`jwt`, `rules.jwt[]`, on settings and gateways: request-auth.ts jwtRule), external
 * authorization (request-auth.ts externalAuthorization), an upstream traffic setting (top level
 * or under `outbound`: traffic.ts) and reachability (top level or under `outbound`).
 */
function canon(path: string): string {
  return path
    .replace(/^.*?(?:\.|^)(?:rules\.)?jwt(?:\[\])?(?=\.|$)/, 'JWT')
    .replace(/^.*?(?:\.|^)(?:http\.)?external(?=\.|$)/, 'EXTAUTHZ')
    .replace(/^.*?(?:\.|^)requireJwt$/, 'REQUIREJWT')
    .replace(/^(?:outbound\.)?upstreamTrafficSettings\[\]/, 'UTS[]')
    .replace(/^outbound\.reachability/, 'reachability');
}
const SHARED = /^(JWT|EXTAUTHZ|REQUIREJWT)/;

/** Every resource a golden (or the translate fixture asserted in translate.test.ts) feeds translation. */
function exercised(): Map<string, Set<string>> {
  const all: ConfigResource[] = [
    ...base(),
    ...GOLDENS.flatMap((g) => g.given),
    ...PARTIAL_FIELDS.map((p) => p.resource),
    ...fixture(),
    // Cross-cluster routing (issue #17).
    ...crossClusterBase(),
    ...CROSS_CLUSTER_GOLDENS.flatMap((g) => g.given),
  ];
  const out = new Map<string, Set<string>>();
  const add = (kind: string, paths: readonly string[]): void => {
    let set = out.get(kind);
    if (!set) out.set(kind, (set = new Set()));
    for (const p of paths) set.add(p);
  };
  for (const r of all) {
    const key = `${r.apiVersion.replace(/\/[^/]+$/, '')}/${r.kind}`;
    const paths = valuePaths(r.spec);
    add(key, paths.map(canon));
    add(
      '*',
      paths.map(canon).filter((p) => SHARED.test(p)),
    );
  }
  // Defaults in the settings kinds are Security/TrafficSetting specs translated by the same code
  // (the index merges them into one spec): a field a setting golden exercises is exercised as a
  // default too (see viaDefault below).
  return out;
}

/**
 * A Profile's ProfileConfig is merged into the Security/TrafficSetting specs that list it and
 * translated by the same code (src/translate/profiles.ts): `authenticationSettings.X` is exercised
 * when a SecuritySetting golden sets it, `traffic.X` / `trafficSettings.X` when a TrafficSetting
 * golden does. The merge itself (defaults, mandates, unsetFields of both sections) is exercised
 * by goldens-profile.test-data.ts (the Profile's own paths count as `own`).
 */
function viaProfile(key: string, path: string, seen: Map<string, Set<string>>): boolean {
  if (key !== 'profile.tsb.tetrate.io/Profile') return false;
  const m = /^(?:defaults|mandates)\.(authenticationSettings|traffic|trafficSettings)\.(.+)$/.exec(path);
  if (!m) return false;
  const target = m[1] === 'authenticationSettings' ? 'security.tsb.tetrate.io/SecuritySetting' : 'traffic.tsb.tetrate.io/TrafficSetting';
  const inner = canon(m[1] === 'authenticationSettings' ? `authenticationSettings.${m[2]}` : m[2]);
  return [...(seen.get(target) ?? [])].some((p) => covers(inner, p)) || (SHARED.test(inner) && [...(seen.get('*') ?? [])].some((p) => covers(inner, p)));
}

test('every field of every accepted TSB kind is exercised by a golden or declared unsupported with its warning (issue #18)', () => {
  const seen = exercised();
  const missing: string[] = [];
  let fields = 0;
  for (const k of KINDS) {
    if (k.apiVersion.startsWith('rbac.') || k.apiVersion.includes('istio.io/')) continue;
    const key = `${k.apiVersion.replace(/\/[^/]+$/, '')}/${k.kind}`;
    const decls = fieldDeclarations(k.apiVersion, k.kind);
    for (const path of schemaPaths(specSchema(k))) {
      fields++;
      const c = canon(path.replace(/^default(Security|Traffic)Setting\./, ''));
      const own = [...(seen.get(key) ?? [])].some((p) => covers(canon(path), p));
      const viaDefault =
        /^default(Security|Traffic)Setting\./.test(path) &&
        [...(seen.get(path.startsWith('defaultSecurity') ? 'security.tsb.tetrate.io/SecuritySetting' : 'traffic.tsb.tetrate.io/TrafficSetting') ?? [])].some(
          (p) => covers(c, p),
        );
      const shared = SHARED.test(c) && [...(seen.get('*') ?? [])].some((p) => covers(c, p));
      const golden = own || viaDefault || shared || viaProfile(key, path, seen);
      const declared = decls.some((d) => covers(d.path, path) && d.reason.length > 0);
      if (!golden && !declared) missing.push(`${key} spec.${path}`);
    }
  }
  assert.ok(fields > 300, `walked ${fields} fields`);
  assert.deepEqual(missing, [], `fields neither exercised by a golden nor declared in src/api/translation/support.ts:\n${missing.join('\n')}`);
});
