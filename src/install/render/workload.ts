import type { KubeObject } from '../canonical.js';
import type { KubeSpec } from '../types.js';
import { applyDeploymentSpec, renderHpa, renderPdb, type Json } from './kube-objects.js';

/** What a component's workload needs; kubeSpec.deployment is applied on top of it. */
export interface WorkloadInput {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  podSpec: Json & { containers: Json[] };
  podAnnotations?: Record<string, string>;
  replicas?: number;
  /** Default strategy (Deployment) or updateStrategy (DaemonSet/StatefulSet). */
  strategy?: Json;
  /** Extra workload spec fields (serviceName, volumeClaimTemplates, …). */
  extraSpec?: Json;
  kubeSpec?: KubeSpec;
  /** Render an HPA even without hpaSpec (gateways, as Istio does), with these bounds. */
  defaultHpa?: { minReplicas: number; maxReplicas: number };
  pdb: boolean;
}

/** Renders the workload, plus its HPA (hpaSpec or default) and PodDisruptionBudget. */
export function renderWorkload(w: WorkloadInput): KubeObject[] {
  const dep = w.kubeSpec?.deployment;
  const podLabels = { ...w.labels, ...w.selector };
  const template = {
    metadata: { labels: podLabels, ...(w.podAnnotations ? { annotations: { ...w.podAnnotations } } : {}) } as Json,
    spec: structuredClone(w.podSpec),
  };
  applyDeploymentSpec(template, template.spec.containers[0], dep);
  const hpaSpec = dep?.hpaSpec ?? (w.defaultHpa && dep?.replicaCount === undefined ? { ...w.defaultHpa } : undefined);
  const spec: Json = { selector: { matchLabels: w.selector }, template, ...(w.extraSpec ?? {}) };
  if (w.kind !== 'DaemonSet' && !hpaSpec) spec.replicas = dep?.replicaCount ?? w.replicas ?? 1;
  if (w.kind === 'Deployment') spec.strategy = dep?.strategy ?? w.strategy;
  else if (w.strategy) spec.updateStrategy = w.strategy;
  const labels = { ...(dep?.labels ?? {}), ...w.labels };
  const out: KubeObject[] = [{ apiVersion: 'apps/v1', kind: w.kind, metadata: { name: w.name, namespace: w.namespace, labels }, spec }];
  if (hpaSpec && w.kind !== 'DaemonSet') out.push(renderHpa(w.name, w.namespace, w.labels, { apiVersion: 'apps/v1', kind: w.kind, name: w.name }, hpaSpec));
  if (w.pdb) out.push(renderPdb(w.name, w.namespace, w.labels, w.selector, dep?.podDisruptionBudget));
  return out;
}

/** The restricted-profile container security context every meshbridge container starts from. */
export function restrictedContainer(uid: number): Json {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
  };
}

/** Prefer spreading replicas over nodes (never required, so small clusters still schedule). */
export function spreadAffinity(selector: Record<string, string>): Json {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    },
  };
}

/** A stable short hash of rendered config, put on pod templates so a config change rolls the pods. */
export function checksum(value: unknown): string {
  const s = JSON.stringify(value);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    h1 = Math.imul(h1 ^ s.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ s.charCodeAt(i), 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
