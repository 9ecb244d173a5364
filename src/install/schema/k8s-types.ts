// Kubernetes' own types (Affinity, Toleration, EnvVar, SecurityContext, …) as structural schemas,
// derived from the official client's generated models (their attribute maps, extracted by
// `npm run gen` into src/gen/k8s-models.ts) so that every field Kubernetes knows is accepted and
// every other one is reported — no hand-copied subset to drift.
import { K8S_MODELS } from '../../gen/k8s-models.js';
import type { Schema } from './structural.js';
import { quantity, intOrString } from './structural.js';

const cache = new Map<string, Schema>();
const building = new Set<string>();

// Fields the API server requires (the generated models do not say which).
const REQUIRED: Record<string, readonly string[]> = {
  V1EnvVar: ['name'],
  V1Container: ['name'],
  V1ContainerPort: ['containerPort'],
  V1ServicePort: ['port'],
  V1Volume: ['name'],
  V1VolumeMount: ['name', 'mountPath'],
  V1Toleration: [],
  V1NodeSelectorRequirement: ['key', 'operator'],
  V1LabelSelectorRequirement: ['key', 'operator'],
  V1PodAffinityTerm: ['topologyKey'],
  V1WeightedPodAffinityTerm: ['weight', 'podAffinityTerm'],
  V1PreferredSchedulingTerm: ['weight', 'preference'],
  V1NodeSelector: ['nodeSelectorTerms'],
  V1PolicyRule: ['verbs'],
  V1Subject: ['kind', 'name'],
  V1RoleRef: ['apiGroup', 'kind', 'name'],
};

// Fields whose values are resource quantities (the generated models type them as plain strings).
const QUANTITY_MAPS = new Set(['V1ResourceRequirements.limits', 'V1ResourceRequirements.requests']);

function fromType(type: string, format: string, owner: string): Schema {
  let m: RegExpExecArray | null;
  if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: fromType(m[1], format, owner) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    return { type: 'object', additionalProperties: QUANTITY_MAPS.has(owner) ? quantity() : fromType(m[1], format, owner) };
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
      return k8sType(type);
  }
}

/** The structural schema of a Kubernetes model, e.g. `V1Affinity`; unknown model names throw. */
export function k8sType(name: string): Schema {
  const hit = cache.get(name);
  if (hit) return hit;
  const model = Object.hasOwn(K8S_MODELS, name) ? K8S_MODELS[name] : undefined;
  if (!model) throw new Error(`no Kubernetes model named ${name}`);
  // Self-referencing models (JSONSchemaProps) are cut off rather than followed forever.
  if (building.has(name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  building.add(name);
  const properties: Record<string, Schema> = {};
  for (const [field, type, format = ''] of model) properties[field] = fromType(type, format, `${name}.${field}`);
  building.delete(name);
  const required = REQUIRED[name]?.filter((r) => r in properties);
  const schema: Schema = { type: 'object', properties, ...(required?.length ? { required } : {}) };
  cache.set(name, schema);
  return schema;
}

/** The model name of a Kubernetes object: apps/v1 Deployment → V1Deployment, autoscaling/v2 … → V2…. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}
