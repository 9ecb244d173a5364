import { CoreErrors, MeshError } from '../../api/index.js';
import type { Reader } from '../../store/index.js';
import type { Principal } from '../contracts.js';

/** How many FQNs a "you can reach" answer lists, and how many unreadable nodes a search visits. */
const MAX_REACHABLE = 20;
const MAX_VISITED = 5000;

/**
 * The top-most FQNs of the caller's organization the caller may read: where its rights start.
 * A breadth-first walk that descends only through what the caller may not read, so it stops at
 * the first readable level of each branch (a workspace reader costs the org, its tenants and their
 * workspaces, not the whole tree). Bounded: at most MAX_VISITED nodes, MAX_REACHABLE answers.
 */
export async function reachable(reader: Reader, p: Principal, canRead: (fqn: string) => Promise<boolean>): Promise<string[]> {
  const org = `organizations/${p.organization}`;
  if (await canRead(org)) return [org];
  const out: string[] = [];
  const queue = [org];
  let visited = 0;
  while (queue.length > 0 && out.length < MAX_REACHABLE && visited < MAX_VISITED) {
    const fqn = queue.shift() as string;
    visited++;
    for (const child of await reader.listChildren(fqn)) {
      if (await canRead(child.fqn)) out.push(child.fqn);
      else queue.push(child.fqn);
      if (out.length >= MAX_REACHABLE) break;
    }
  }
  return out;
}

/**
 * The 404 for an FQN the caller may not read. Whether it exists stays hidden (a missing and an
 * unreadable object answer alike), but the caller learns what it can reach; above its own rights
 * (an organization or tenant holding its workspace) existence is no secret, so that is said.
 */
export function hiddenError(p: Principal, fqn: string, reach: readonly string[]): MeshError {
  const who = p.username;
  const list = reach.length ? reach.join(', ') : '(nothing: no role is bound to you or your teams)';
  const above = reach.some((r) => r.startsWith(`${fqn}/`));
  const message = above
    ? `${who} has no right to read ${fqn} itself; ${who}'s rights start below it, on: ${list}`
    : `${fqn}: not found, or ${who} has no right to read it; ${who} can reach: ${list}`;
  return new MeshError(CoreErrors.NotFound, message, { details: { fqn, reachable: [...reach], ...(above ? { exists: true } : {}) } });
}
