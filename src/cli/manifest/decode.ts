import { isMeshError, MeshError, TctlErrors } from '../../api/index.js';
import type { Manifest } from './read-manifests.js';

/**
 * Documents decoded as TSB's tctl decodes them (envelope keys in any case, spec fields by JSON or
 * proto name) into the canonical spelling the server stores, so comparisons and output agree
 * with what the server keeps. A document two fields of which collide names its source.
 */
export async function decodeManifests(docs: readonly Manifest[]): Promise<Manifest[]> {
  // The spec decoder walks the kinds' schemas: loaded here, by the commands that read files, only.
  const { decodeResource } = await import('../../api/schemas/index.js');
  return docs.map((d) => {
    try {
      return { source: d.source, object: decodeResource(d.object) as Record<string, unknown> };
    } catch (e) {
      if (!isMeshError(e)) throw e;
      throw new MeshError(TctlErrors.ManifestInvalid, `${d.source}: ${e.message}`, { ...(e.field ? { field: e.field } : {}) });
    }
  });
}
