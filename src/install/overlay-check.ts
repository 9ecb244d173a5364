import { MeshError, InstallErrors } from '../api/index.js';
import type { RenderResult } from './render.js';
import { k8sType, modelName } from './schema/k8s-types.js';
import { checkSchema } from './schema/validate.js';

/**
 * Overlays are free-form patches, so an object they touched is checked again as a whole against
 * the Kubernetes model of its kind (unknown fields, types, required names). Throws MB6012.
 */
export async function checkOverlaidObjects(result: RenderResult): Promise<void> {
  if (result.overlaid.length === 0) return;
  for (const t of result.overlaid) {
    const obj = result.objects.find((o) => o.kind === t.kind && o.metadata.name === t.name && o.metadata.namespace === t.namespace);
    if (!obj) continue;
    const first = checkSchema(k8sType(modelName(obj.apiVersion, obj.kind)), obj).issues[0];
    if (first) {
      const id = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
      throw new MeshError(
        InstallErrors.InstallOverlayResultInvalid,
        `${t.field}: the overlays leave ${id} invalid for Kubernetes: ${first.path}: ${first.message}`,
        { field: t.field },
      );
    }
  }
}
