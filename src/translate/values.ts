// Readers for the loosely typed specs translation walks (schemas validated them at the edge).
export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);
export const isEmpty = (o: Obj): boolean => Object.keys(o).length === 0;

/** A proto Duration as JSON (`"1.5s"`) or as `{seconds, nanos}` → Istio's duration string. */
export function duration(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  const d = obj(v);
  const s = num(d.seconds) ?? 0;
  const n = num(d.nanos) ?? 0;
  if (s === 0 && n === 0) return undefined;
  if (n === 0) return `${s}s`;
  const ms = s * 1000 + n / 1e6;
  return Number.isInteger(ms) ? `${ms}ms` : `${s + n / 1e9}s`;
}

/** `true` or `{value: true}` (a proto BoolValue). */
export function boolValue(v: unknown): boolean {
  return v === true || obj(v).value === true;
}
