// Kubernetes' own types (Affinity, Toleration, EnvVar, SecurityContext, …) as structural schemas,
// derived from the official client's generated models so that every field Kubernetes knows is
// accepted and every other one is reported — no hand-copied subset to drift.
import { K8S_MODELS } from './k8s-models.js';
import type { Schema } from './structural.js';
import { quantity, intOrString } from './structural.js';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

const registry: Record<string, { readonly attributeTypeMap?: readonly Attribute[] } | undefined> = K8S_MODELS;
const cache = new Map<string, Schema>();

// Fields whose values are resource quantities (the generated models type them as plain strings).
const QUANTITY_MAPS = new Set(['V1ResourceRequirements.limits', 'V1ResourceRequirements.requests']);

function fromType(type: string, format: string, owner: string, depth: number): Schema {
  let m: RegExpExecArray | null;
  if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: fromType(m[1], format, owner, depth) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    return { type: 'object', additionalProperties: QUANTITY_MAPS.has(owner) ? quantity() : fromType(m[1], format, owner, depth) };
  }
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return format === 'int32' || format === 'int64' ? { type: 'integer', format } : { type: 'number' };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return intOrString();
    case 'any':
    case 'object':
      return { 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return k8sType(type, depth + 1);
  }
}

/** The structural schema of a Kubernetes model, e.g. `V1Affinity`; unknown model names throw. */
export function k8sType(name: string, depth = 0): Schema {
  const hit = cache.get(name);
  if (hit) return hit;
  const model = registry[name];
  if (!model?.attributeTypeMap) throw new Error(`no Kubernetes model named ${name}`);
  // Recursive models (JSONSchemaProps) are not used by kubeSpec; cut them off rather than loop.
  if (depth > 12) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const properties: Record<string, Schema> = {};
  for (const a of model.attributeTypeMap) properties[a.baseName] = fromType(a.type, a.format, `${name}.${a.baseName}`, depth);
  const schema: Schema = { type: 'object', properties };
  cache.set(name, schema);
  return schema;
}
