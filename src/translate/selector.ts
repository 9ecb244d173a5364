/**
 * TSB namespace selectors (`cluster/namespace` with `*` wildcards: `*\/ns`, `c1/*`, `c1/ns*`).
 * Written here rather than imported because translate may depend on src/api only and the
 * shared matcher was not there when this landed; the grammar is the same.
 */

/** True when `pattern` (a glob where `*` is any run of characters) matches `value`. */
export function globMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  if (!value.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = value.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return value.length - last.length >= at && value.endsWith(last);
}

/** True when one selector entry `cluster/namespace` matches the pair. */
export function selectorEntryMatches(entry: string, cluster: string, namespace: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return false;
  return globMatches(entry.slice(0, slash), cluster) && globMatches(entry.slice(slash + 1), namespace);
}

/** True when any entry of `names` selects namespace `namespace` of cluster `cluster`. */
export function selectorMatches(names: readonly string[], cluster: string, namespace: string): boolean {
  return names.some((n) => selectorEntryMatches(n, cluster, namespace));
}

/** True when a selector could select anything in `cluster` (used to find affected clusters cheaply). */
export function selectorTouchesCluster(names: readonly string[], cluster: string): boolean {
  return names.some((n) => {
    const slash = n.indexOf('/');
    return slash > 0 && globMatches(n.slice(0, slash), cluster);
  });
}
