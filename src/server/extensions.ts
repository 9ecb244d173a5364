import type { ServerExtension } from './contracts.js';
import { distributionExtension } from './distribute/index.js';

/** Extensions every server runs: cluster distribution (agent listener, credentials, statuses). */
export function builtinExtensions(opts: { agentListen: string | null }): ServerExtension[] {
  return [distributionExtension({ agentListen: opts.agentListen })];
}
