import { isDeepStrictEqual } from 'node:util';
import { LEVEL_ANNOTATIONS, storedMetadata, withoutServerFields } from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';

// Placement annotations (tsb.tetrate.io/organization, …/trafficGroup) restate the FQN: not content.
const PLACEMENT_ANNOTATIONS: ReadonlySet<string> = new Set(Object.values(LEVEL_ANNOTATIONS));

/** The part of an object the server stores: metadata without what the FQN implies, spec without fqn/etag. */
export function storedContent(o: ResourceObject): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const metadata = storedMetadata(o.metadata);
  for (const [k, v] of Object.entries(metadata)) if (v === undefined) delete metadata[k];
  const annotations = metadata.annotations;
  if (annotations && typeof annotations === 'object') {
    const kept = Object.entries(annotations as Record<string, unknown>).filter(([a]) => !PLACEMENT_ANNOTATIONS.has(a));
    if (kept.length) metadata.annotations = Object.fromEntries(kept);
    else delete metadata.annotations;
  }
  return { metadata, spec: { ...(withoutServerFields(o).spec ?? {}) } };
}

/**
 * True when replacing `current` with `wanted` would store the same thing. Every stored field
 * counts — metadata.displayName, description, labels and annotations as much as the spec — and a
 * field missing from `wanted` is a change, since a replace drops it.
 */
export function sameContent(current: ResourceObject, wanted: ResourceObject): boolean {
  return isDeepStrictEqual(storedContent(current), storedContent(wanted));
}
