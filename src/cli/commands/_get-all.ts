import { KINDS, type KindInfo, type Level } from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';
import type { Session } from '../session/session.js';

/** Filters of `tctl get all` (ANDed, as TSB). */
export interface AllFilters {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly fqdn?: string;
}

/**
 * Lists every object below `root` (an organization or tenant FQN) by walking each level's child
 * collections, at most `concurrency` requests at a time. Parents come before their children.
 */
export async function listAll(s: Session, root: string, level: Level, concurrency: number): Promise<ResourceObject[]> {
  const out: ResourceObject[] = [];
  let frontier: { fqn: string; level: Level }[] = [{ fqn: root, level }];
  while (frontier.length) {
    const jobs = frontier.flatMap((node) => collectionsOf(node.level).map((c) => ({ node, c })));
    const results = await pool(jobs, concurrency, async ({ node, c }) => {
      try {
        return (await s.client.list(node.fqn, c.collection)).filter((o) => matchesKind(o, c));
      } catch {
        // A collection the caller may not read is simply not part of "everything I can see".
        return [];
      }
    });
    const next: { fqn: string; level: Level }[] = [];
    jobs.forEach(({ node, c }, i) => {
      for (const o of results[i]) {
        out.push(o);
        if (c.opens) next.push({ fqn: `${node.fqn}/${c.collection}/${o.metadata.name}`, level: c.opens });
      }
    });
    frontier = next;
  }
  return out;
}

function collectionsOf(level: Level): KindInfo[] {
  const seen = new Set<string>();
  return KINDS.filter((k) => k.parent === level && !seen.has(k.collection) && (seen.add(k.collection), true));
}

function matchesKind(o: ResourceObject, c: KindInfo): boolean {
  // Shared collections (settings/, virtualservices/) list every kind stored there; keep them all.
  return !o.kind || KINDS.some((k) => k.parent === c.parent && k.collection === c.collection && k.kind === o.kind);
}

/** Keeps objects matching every given filter. */
export function filterAll(objects: readonly ResourceObject[], f: AllFilters): ResourceObject[] {
  return objects.filter((o) => {
    if (f.kind) {
      const want = f.kind.toLowerCase();
      const info = KINDS.find((k) => k.kind === o.kind && (k.apiVersion === o.apiVersion || (k.aliases ?? []).includes(o.apiVersion)));
      if (o.kind.toLowerCase() !== want && !(info?.short ?? []).includes(want)) return false;
    }
    if (f.apiVersion && o.apiVersion !== f.apiVersion) return false;
    if (f.fqdn && !mentions(o.spec, f.fqdn)) return false;
    return true;
  });
}

/** True when a string in `v` is the host name or ends with `/<host>` (TSB's ns/fqdn references). */
function mentions(v: unknown, fqdn: string): boolean {
  if (typeof v === 'string') return v === fqdn || v.endsWith(`/${fqdn}`);
  if (Array.isArray(v)) return v.some((x) => mentions(x, fqdn));
  if (v && typeof v === 'object') return Object.values(v).some((x) => mentions(x, fqdn));
  return false;
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
