/**
 * TSB namespace selectors (`cluster/namespace` with `*` / `prefix*` globs), through the shared
 * matcher in src/api so the server's exclusivity checks and translation agree on every entry.
 */
import { globMatches, selectorMatches as apiSelectorMatches } from '../api/index.js';

/** True when any entry of `names` selects namespace `namespace` of cluster `cluster`. */
export function selectorMatches(names: readonly string[], cluster: string, namespace: string): boolean {
  return apiSelectorMatches({ names }, cluster, namespace);
}

/** True when a selector could select anything in `cluster` (used to find affected clusters cheaply). */
export function selectorTouchesCluster(names: readonly string[], cluster: string): boolean {
  return names.some((n) => {
    const slash = n.indexOf('/');
    return globMatches(slash < 0 ? '*' : n.slice(0, slash), cluster);
  });
}
