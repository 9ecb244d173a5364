import type { ServerExtension } from './contracts.js';

/** Extensions every server runs (cluster distribution joins here). */
export function builtinExtensions(_opts: { agentListen: string | null }): ServerExtension[] {
  return [];
}
