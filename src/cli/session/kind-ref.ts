import { KINDS, MeshError, TctlErrors, type KindInfo, type Level } from '../../api/index.js';
import { BINDING_KINDS, GENERIC_BINDINGS } from './bindings.js';

/** TSB's helper kinds that name one flavour of `Group`. */
const HELPER_KINDS: Record<string, string> = {
  trafficgroup: 'trafficgroups',
  securitygroup: 'securitygroups',
  gatewaygroup: 'gatewaygroups',
  istiointernalgroup: 'istiointernalgroups',
};

/** The group-type flags and the level each selects. */
export const GROUP_FLAGS: readonly { flag: string; short: string; level: Level }[] = [
  { flag: 'trafficgroup', short: 't', level: 'trafficgroup' },
  { flag: 'securitygroup', short: 's', level: 'securitygroup' },
  { flag: 'gatewaygroup', short: 'l', level: 'gatewaygroup' },
  { flag: 'istiointernalgroup', short: 'i', level: 'istiointernalgroup' },
];

/** One line per kind for help text: short forms, kind, apiVersion. */
export function kindsHelp(): string {
  return [...KINDS, ...BINDING_KINDS, GENERIC_BINDINGS]
    .filter((k, i, all) => all.findIndex((o) => o.kind === k.kind && o.apiVersion === k.apiVersion) === i)
    .map((k) => `  ${(k.short.join(',') || '-').padEnd(6)} ${k.kind.padEnd(28)} ${k.apiVersion}`)
    .join('\n');
}

/**
 * Resolves what a user typed (short form, kind, plural collection, TSB helper kind or
 * apiVersion/kind) to the candidate kinds; several remain when a kind lives under several group
 * types (VirtualService, AuthorizationPolicy) and a group flag must choose.
 */
export function kindCandidates(word: string): KindInfo[] {
  const w = word.trim();
  const slash = w.lastIndexOf('/');
  if (slash > 0) {
    const apiVersion = w.slice(0, slash);
    const kind = w.slice(slash + 1).toLowerCase();
    return KINDS.filter((k) => k.kind.toLowerCase() === kind && (k.apiVersion === apiVersion || (k.aliases ?? []).includes(apiVersion)));
  }
  const lower = w.toLowerCase();
  const helper = HELPER_KINDS[lower] ?? HELPER_KINDS[lower.replace(/s$/, '')];
  if (helper) return KINDS.filter((k) => k.collection === helper);
  const byShort = KINDS.filter((k) => k.short.includes(lower));
  if (byShort.length) return byShort;
  const byKind = KINDS.filter((k) => k.kind.toLowerCase() === lower);
  if (byKind.length) return byKind;
  return KINDS.filter((k) => k.collection === lower && k.collection !== 'settings');
}

/** Picks exactly one kind, using which group flag was given to choose among group flavours. */
export function resolveKind(word: string, groupLevel?: Level): KindInfo {
  const all = kindCandidates(word);
  if (all.length === 0) {
    throw new MeshError(TctlErrors.KindNotRecognized, `"${word}" is not a kind tctl knows; kinds (short form, kind, apiVersion):\n${kindsHelp()}`);
  }
  const narrowed = groupLevel && all.length > 1 ? all.filter((k) => k.parent === groupLevel) : all;
  const unique = dedupe(narrowed.length ? narrowed : all);
  if (unique.length === 1) return unique[0];
  const options = unique.map((k) => `${k.short[0] ?? k.kind} (${k.apiVersion} ${k.kind} under ${k.parent})`).join(', ');
  const flags = unique
    .map((k) => GROUP_FLAGS.find((g) => g.level === k.parent))
    .filter(Boolean)
    .map((g) => `-${g?.short}/--${g?.flag}`);
  throw new MeshError(TctlErrors.KindNotRecognized, `"${word}" is ambiguous: ${options}`, {
    fix: flags.length
      ? `Say which group it lives in with ${[...new Set(flags)].join(' or ')}, or use a short form or apiVersion/kind.`
      : 'Use a short form or apiVersion/kind.',
  });
}

function dedupe(kinds: KindInfo[]): KindInfo[] {
  return kinds.filter((k, i) => kinds.findIndex((o) => o.kind === k.kind && o.parent === k.parent && o.apiVersion === k.apiVersion) === i);
}
