/** A rendered Kubernetes object: plain JSON with apiVersion, kind and metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

const HEAD = ['apiVersion', 'kind', 'metadata'];

// Apply order as Helm uses it: what others depend on comes first, so `kubectl apply -f` of the
// whole stream never references an object created later in the same stream.
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'CustomResourceDefinition', 'ServiceAccount', 'Secret', 'ConfigMap', 'ClusterRole',
  'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget',
];

/** Deep copy with object keys sorted; top-level Kubernetes objects keep apiVersion, kind, metadata first. */
export function canonicalize<T>(value: T, top = true): T {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v, false)) as T;
  if (value === null || typeof value !== 'object') return value;
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort(compareStrings);
  const ordered = top ? [...HEAD.filter((k) => keys.includes(k)), ...keys.filter((k) => !HEAD.includes(k))] : keys;
  const out: Record<string, unknown> = {};
  for (const k of ordered) out[k] = canonicalize(rec[k], false);
  return out as T;
}

/** Code-point order: unlike localeCompare it does not change with the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** Sorts objects into apply order (kind, then namespace, then name) and canonicalizes each one. */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || compareStrings(a.kind, b.kind) || compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareStrings(a.metadata.name, b.metadata.name))
    .map((o) => canonicalize(o));
}
