/**
 * Namespace selectors as TSB writes them: `cluster/namespace`, where either side is `*` (any) or a
 * prefix glob `name*`. A workspace owns its namespaces exclusively, so the server must tell whether
 * two selectors can ever select the same namespace; translate asks whether one selects a namespace.
 */

/** The `namespaceSelector` shape shared by workspaces and groups. */
export interface NamespaceSelector {
  readonly names: readonly string[];
}

/** One `cluster/namespace` entry split in its two globs. */
function split(entry: string): [string, string] {
  const i = entry.indexOf('/');
  return i < 0 ? ['*', entry] : [entry.slice(0, i), entry.slice(i + 1)];
}

/** True when the glob (`*`, `prefix*` or an exact name) matches `value`. */
export function globMatches(glob: string, value: string): boolean {
  if (glob === '*') return true;
  if (glob.endsWith('*')) return value.startsWith(glob.slice(0, -1));
  return glob === value;
}

/** True when some value matches both globs. */
export function globsOverlap(a: string, b: string): boolean {
  const aw = a.endsWith('*');
  const bw = b.endsWith('*');
  if (aw && bw) {
    const pa = a.slice(0, -1);
    const pb = b.slice(0, -1);
    return pa.startsWith(pb) || pb.startsWith(pa);
  }
  if (aw) return globMatches(a, b);
  if (bw) return globMatches(b, a);
  return a === b;
}

/** True when one entry (`c/ns` with globs) selects the namespace `namespace` of `cluster`. */
export function entryMatches(entry: string, cluster: string, namespace: string): boolean {
  const [c, n] = split(entry);
  return globMatches(c, cluster) && globMatches(n, namespace);
}

/** True when the selector selects `namespace` in `cluster`. */
export function selectorMatches(selector: NamespaceSelector | undefined, cluster: string, namespace: string): boolean {
  return (selector?.names ?? []).some((e) => entryMatches(e, cluster, namespace));
}

/** The first pair of entries (one from each selector) that can select the same namespace. */
export function findOverlap(a: NamespaceSelector | undefined, b: NamespaceSelector | undefined): [string, string] | undefined {
  for (const x of a?.names ?? []) {
    const [xc, xn] = split(x);
    for (const y of b?.names ?? []) {
      const [yc, yn] = split(y);
      if (globsOverlap(xc, yc) && globsOverlap(xn, yn)) return [x, y];
    }
  }
  return undefined;
}

/** True when some namespace of some cluster is selected by both selectors. */
export function selectorsOverlap(a: NamespaceSelector | undefined, b: NamespaceSelector | undefined): boolean {
  return findOverlap(a, b) !== undefined;
}

/** True when every namespace `inner` can select is also selected by `outer` (groups within workspaces). */
export function selectorCovers(outer: NamespaceSelector | undefined, inner: NamespaceSelector | undefined): boolean {
  return (inner?.names ?? []).every((e) => {
    const [ic, in_] = split(e);
    return (outer?.names ?? []).some((o) => {
      const [oc, on] = split(o);
      return globCovers(oc, ic) && globCovers(on, in_);
    });
  });
}

/** True when every value `inner` matches is matched by `outer`. */
function globCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (outer.endsWith('*')) return inner.startsWith(outer.slice(0, -1));
  return !inner.endsWith('*') && outer === inner;
}
