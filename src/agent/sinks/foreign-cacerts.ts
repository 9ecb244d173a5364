// istiod's plug-in CA Secret is only ever written or deleted by the agent when meshbridge delivered
// it (issue #16): one that exists without meshbridge's managed-by label was put there by someone
// else (a bring-your-own CA) and is refused per object, naming the fix.
import { RootRotationSafetyErrors } from '../../api/index.js';

/** The sink key of istiod's plug-in CA Secret. */
export const CACERTS_KEY = 'istio-system/Secret/cacerts';

/**
 * Why the agent must not write or delete the cacerts Secret it found (`existing`: its object, or
 * undefined when there is none), or undefined when it may.
 */
export function foreignCacerts(existing: Record<string, unknown> | undefined, where: string): string | undefined {
  if (existing === undefined) return undefined;
  const labels = ((existing.metadata as Record<string, unknown> | undefined)?.labels ?? {}) as Record<string, unknown>;
  if (labels['app.kubernetes.io/managed-by'] === 'meshbridge') return undefined;
  const d = RootRotationSafetyErrors.ForeignCacerts;
  return `[${d.code}] ${d.title}: ${where} has no label app.kubernetes.io/managed-by=meshbridge, so it is left as it is. ${d.fix}`;
}
