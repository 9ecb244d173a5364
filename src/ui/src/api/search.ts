import { childKinds, listChildren, type Resource } from './resources.js';
import type { Session } from './http.js';

/** At most this many resources are read for one search (a bound, so a huge tree stays responsive). */
const LIMIT = 2000;

/**
 * Walks the tree the caller may read, breadth first from the organization, and returns the
 * resources whose name, display name or FQN contains the text (case-insensitively).
 */
export async function searchTree(s: Session, orgFqn: string, text: string): Promise<Resource[]> {
  const needle = text.toLowerCase();
  const found: Resource[] = [];
  const queue: { fqn: string; kinds: ReturnType<typeof childKinds> }[] = [
    { fqn: orgFqn, kinds: childKinds({ opens: 'organization' } as Parameters<typeof childKinds>[0]) },
  ];
  let read = 0;
  const seen = new Set<string>();
  while (queue.length && read < LIMIT) {
    const next = queue.shift();
    if (!next) break;
    const collections = [...new Set(next.kinds.map((k) => k.collection))];
    const lists = await Promise.all(collections.map((c) => listChildren(s, next.fqn, c).catch(() => [] as Resource[])));
    for (const r of lists.flat()) {
      if (seen.has(r.fqn)) continue;
      seen.add(r.fqn);
      read++;
      if (`${r.name}\n${r.displayName}\n${r.fqn}`.toLowerCase().includes(needle)) found.push(r);
      if (r.kind.opens) queue.push({ fqn: r.fqn, kinds: childKinds(r.kind) });
    }
  }
  return found;
}
