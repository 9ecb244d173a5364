import type { ServerExtension } from './contracts.js';
import { distributionExtension } from './distribute/index.js';
import { meshCaExtension } from './ca/index.js';

/**
 * Extensions every server runs: cluster distribution (agent listener, credentials, statuses) and
 * the mesh CA (one root, an intermediate per cluster, rotation).
 */
export function builtinExtensions(opts: { agentListen: string | null }): ServerExtension[] {
  return [distributionExtension({ agentListen: opts.agentListen }), meshCaExtension()];
}
