import { QUANTITY_PATTERN } from '../quantity.js';

/**
 * A Kubernetes structural schema (what a CRD's openAPIV3Schema holds). Objects with `properties`
 * are closed unless they preserve unknown fields; maps use `additionalProperties`. Two internal
 * markers are stripped before a CRD is printed: `x-meshbridge-ignored` (a TSB field meshbridge has
 * no counterpart for) and `x-meshbridge-quantity` (checked with Kubernetes' quantity grammar).
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  enum?: readonly (string | number)[];
  required?: readonly string[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: readonly Schema[];
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-meshbridge-ignored'?: string;
  'x-meshbridge-quantity'?: true;
}

/** A string. */
export const str = (description?: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
/** An integer with optional bounds. */
export const int = (description?: string, min?: number, max?: number): Schema => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...(min === undefined ? {} : { minimum: min }),
  ...(max === undefined ? {} : { maximum: max }),
});
/** A boolean. */
export const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
/** A string enumeration. */
export const oneOf = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: values, ...(description ? { description } : {}) });
/** A closed object. */
export const obj = (properties: Record<string, Schema>, description?: string, required?: readonly string[]): Schema => ({
  type: 'object',
  properties,
  ...(description ? { description } : {}),
  ...(required?.length ? { required } : {}),
});
/** A list. */
export const arr = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
/** A map with string keys. */
export const map = (values: Schema, description?: string): Schema => ({
  type: 'object',
  additionalProperties: values,
  ...(description ? { description } : {}),
});
/** An int-or-string value (ports, maxSurge). */
export const intOrString = (description?: string): Schema => ({
  'x-kubernetes-int-or-string': true,
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  ...(description ? { description } : {}),
});
/** A Kubernetes quantity (cpu, memory). */
export const quantity = (description?: string): Schema => ({ ...intOrString(description), pattern: QUANTITY_PATTERN, 'x-meshbridge-quantity': true });
/** Free-form value (kept as given). */
export const anyValue = (description?: string): Schema => ({ 'x-kubernetes-preserve-unknown-fields': true, ...(description ? { description } : {}) });

/** A TSB install field meshbridge accepts for compatibility and reports as ignored. */
export function ignored(why: string, type: Schema['type'] = 'object'): Schema {
  const free: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  // Structural schemas need `items` on every array.
  const base: Schema =
    type === 'object' ? free : type === 'array' ? { type, items: free } : type === undefined ? { 'x-kubernetes-preserve-unknown-fields': true } : { type };
  return { ...base, description: `TSB compatibility: accepted and ignored by meshbridge (${why}).`, 'x-meshbridge-ignored': why };
}

/** Removes the internal markers so the schema is a valid CRD openAPIV3Schema. */
export function toCrdSchema(s: Schema): Schema {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'x-meshbridge-ignored' || k === 'x-meshbridge-quantity') continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([pk, pv]) => [pk, toCrdSchema(pv)]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = toCrdSchema(v as Schema);
    else out[k] = v;
  }
  return out as Schema;
}
