// Canonical key order, shared by translate/ and install/ (which may not import each other): the same
// input always serialises to the same bytes, so snapshots diff and manifests stay stable.

/** Code-point order: unlike localeCompare it does not change with the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with every object's keys sorted and `undefined` values dropped. */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => canonical(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const rec = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(rec).sort(compareStrings)) if (rec[k] !== undefined) out[k] = canonical(rec[k]);
  return out as T;
}

const HEAD = ['apiVersion', 'kind', 'metadata'];

/** `canonical`, with a Kubernetes object's apiVersion, kind and metadata first (kubectl's order). */
export function canonicalObject<T>(value: T): T {
  const sorted = canonical(value);
  if (sorted === null || typeof sorted !== 'object' || Array.isArray(sorted)) return sorted;
  const rec = sorted as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of HEAD) if (k in rec) out[k] = rec[k];
  for (const k of Object.keys(rec)) if (!HEAD.includes(k)) out[k] = rec[k];
  return out as T;
}
