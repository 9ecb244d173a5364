import type { ResourceObject } from '../../client/index.js';

// What the server derives rather than stores: the place in the tree (from the FQN) and the etag.
const DERIVED_META = new Set(['name', 'organization', 'tenant', 'workspace', 'group', 'fqn', 'resourceVersion']);
const DERIVED_ANNOTATION = /^tsb\.tetrate\.io\/(organization|tenant|workspace|gatewayGroup|trafficGroup|securityGroup|istioInternalGroup)$/;

/** The part of an object the server stores: metadata without what the FQN implies, spec without fqn/etag. */
export function storedContent(o: ResourceObject): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.metadata)) {
    if (DERIVED_META.has(k) || v === undefined) continue;
    if (k === 'annotations' && v && typeof v === 'object') {
      const kept = Object.entries(v as Record<string, unknown>).filter(([a]) => !DERIVED_ANNOTATION.test(a));
      if (kept.length) metadata[k] = Object.fromEntries(kept);
      continue;
    }
    metadata[k] = v;
  }
  const { etag: _e, fqn: _f, ...spec } = (o.spec ?? {}) as Record<string, unknown>;
  return { metadata, spec };
}

/**
 * True when replacing `current` with `wanted` would store the same thing. Every stored field
 * counts — metadata.displayName, description, labels and annotations as much as the spec — and a
 * field missing from `wanted` is a change, since a replace drops it.
 */
export function sameContent(current: ResourceObject, wanted: ResourceObject): boolean {
  return deepEqual(storedContent(current), storedContent(wanted));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
