import { nearest } from '../../api/index.js';
import { quantityProblem } from '../quantity.js';
import type { Schema } from './structural.js';

/** One problem found while checking a value against a structural schema. */
export interface SchemaIssue {
  kind: 'unknown' | 'invalid' | 'required' | 'quantity';
  path: string;
  message: string;
}

/** What a check found: problems, and TSB fields that were present but are ignored (with the reason). */
export interface SchemaReport {
  issues: SchemaIssue[];
  ignored: { path: string; why: string }[];
}

function join(path: string, key: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (!path) return plain ? key : `["${key}"]`;
  return plain ? `${path}.${key}` : `${path}["${key}"]`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: Schema['type'], v: unknown): boolean {
  const got = typeOf(v);
  return want === got || (want === 'number' && got === 'integer');
}

/** Checks `value` against a structural schema, closed objects reporting unknown fields by path. */
export function checkSchema(schema: Schema, value: unknown, path = ''): SchemaReport {
  const report: SchemaReport = { issues: [], ignored: [] };
  walk(schema, value, path, report);
  return report;
}

function walk(s: Schema, v: unknown, path: string, r: SchemaReport): void {
  if (s['x-meshbridge-ignored'] !== undefined) {
    r.ignored.push({ path, why: s['x-meshbridge-ignored'] });
    if (s.type && !typeMatches(s.type, v))
      r.issues.push({
        kind: 'invalid',
        path,
        message: `must be ${s.type === 'integer' ? 'an integer' : `a${s.type === 'object' || s.type === 'array' ? 'n' : ''} ${s.type}`}, got ${typeOf(v)}`,
      });
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (s['x-meshbridge-quantity'] && typeof v === 'number' && !Number.isInteger(v)) {
      // The CRD types quantities int-or-string, as Kubernetes does for custom resources.
      r.issues.push({ kind: 'quantity', path, message: `${v} is a fractional number; write the quantity as a string, e.g. "${Math.round(v * 1000)}m"` });
    } else if (typeOf(v) !== 'integer' && typeof v !== 'string') {
      r.issues.push({ kind: 'invalid', path, message: `must be an integer or a string, got ${typeOf(v)} ${short(v)}` });
    } else if (s['x-meshbridge-quantity']) {
      const why = quantityProblem(v);
      if (why) r.issues.push({ kind: 'quantity', path, message: why });
    }
    return;
  }
  if (s.type === undefined) return; // preserve-unknown-fields without a type: anything goes
  if (!typeMatches(s.type, v)) {
    r.issues.push({ kind: 'invalid', path, message: `must be ${article(s.type)}, got ${typeOf(v)} ${short(v)}` });
    return;
  }
  if (s.enum && !s.enum.includes(v as string | number)) {
    r.issues.push({ kind: 'invalid', path, message: `"${String(v)}" is not one of ${s.enum.join(', ')}` });
  }
  if (typeof v === 'number') checkBounds(s, v, path, r);
  if (typeof v === 'string' && s.pattern && !new RegExp(s.pattern).test(v))
    r.issues.push({ kind: 'invalid', path, message: `"${v}" does not match ${s.pattern}` });
  if (Array.isArray(v) && s.items) v.forEach((item, i) => walk(s.items as Schema, item, `${path}[${i}]`, r));
  if (s.type === 'object') walkObject(s, v as Record<string, unknown>, path, r);
}

function checkBounds(s: Schema, v: number, path: string, r: SchemaReport): void {
  if (s.minimum !== undefined && v < s.minimum) r.issues.push({ kind: 'invalid', path, message: `${v} is below the minimum ${s.minimum}` });
  if (s.maximum !== undefined && v > s.maximum) r.issues.push({ kind: 'invalid', path, message: `${v} is above the maximum ${s.maximum}` });
}

function walkObject(s: Schema, v: Record<string, unknown>, path: string, r: SchemaReport): void {
  for (const req of s.required ?? []) {
    if (v[req] === undefined || v[req] === null) r.issues.push({ kind: 'required', path: join(path, req), message: 'is required' });
  }
  for (const [k, child] of Object.entries(v)) {
    const p = join(path, k);
    if (child === null) continue; // YAML `key:` with no value means "unset", as kubectl treats it
    const prop = s.properties?.[k];
    if (prop) walk(prop, child, p, r);
    else if (s.additionalProperties) walk(s.additionalProperties, child, p, r);
    else if (!s['x-kubernetes-preserve-unknown-fields']) {
      const known = Object.keys(s.properties ?? {});
      r.issues.push({ kind: 'unknown', path: p, message: `unknown field "${k}"${suggest(k, known)}` });
    }
  }
}

function article(t: string): string {
  return t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

// Suggest the known field a typo most likely meant (one rule for every "did you mean" of meshbridge).
function suggest(k: string, known: readonly string[]): string {
  const near = nearest(k, known);
  return near ? ` (did you mean "${near}"?)` : known.length ? `; known fields: ${known.join(', ')}` : '';
}
