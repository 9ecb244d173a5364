import { canonicalObject, compareStrings } from '../api/index.js';

/** A rendered Kubernetes object: plain JSON with apiVersion, kind and metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

// Apply order as Helm uses it: what others depend on comes first, so `kubectl apply -f` of the
// whole stream never references an object created later in the same stream.
const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Deployment',
  'StatefulSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
];

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** Sorts objects into apply order (kind, then namespace, then name) and canonicalizes each one. */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects]
    .sort(
      (a, b) =>
        rank(a.kind) - rank(b.kind) ||
        compareStrings(a.kind, b.kind) ||
        compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
        compareStrings(a.metadata.name, b.metadata.name),
    )
    .map((o) => canonicalObject(o));
}
