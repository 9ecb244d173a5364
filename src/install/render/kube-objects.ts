import { MeshError, InstallErrors } from '../../api/index.js';
import type { KubeObject } from '../canonical.js';
import type { DeploymentKubeSpec, HpaKubeSpec, HpaMetric, KubeSpec, ServiceKubeSpec } from '../types.js';

/** A container as rendered (plain JSON). */
export type Json = Record<string, unknown>;

/** The labels every object of a component carries; `app` is also the pod selector. */
export function componentLabels(app: string, component: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    app,
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'meshbridge',
    'app.kubernetes.io/managed-by': 'tctl',
    ...extra,
  };
}

/** A default Service port. */
export interface PortDef {
  name: string;
  port: number;
  targetPort: number | string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

function normalizeQuantities(m: Record<string, string | number> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
}

/** Resources with every quantity written as a string, as the API server returns them. */
export function normalizeResources(r: DeploymentKubeSpec['resources']): Json | undefined {
  if (!r) return undefined;
  return {
    ...r,
    limits: normalizeQuantities(r.limits as Record<string, string | number> | undefined),
    requests: normalizeQuantities(r.requests as Record<string, string | number> | undefined),
  };
}

/** Merges env lists by name: entries of `extra` replace same-named defaults, new ones are appended in order. */
export function mergeEnv(base: readonly Json[], extra: readonly Json[] | undefined): Json[] {
  const out = [...base];
  for (const e of extra ?? []) {
    const i = out.findIndex((b) => b.name === e.name);
    if (i === -1) out.push({ ...e });
    else out[i] = { ...e };
  }
  return out;
}

/** Applies kubeSpec.deployment to a pod template and its main container (in place). */
export function applyDeploymentSpec(template: { metadata: Json; spec: Json }, main: Json, dep: DeploymentKubeSpec | undefined): void {
  if (!dep) return;
  const meta = template.metadata as { labels: Record<string, string>; annotations?: Record<string, string> };
  if (dep.labels) meta.labels = { ...dep.labels, ...meta.labels };
  if (dep.podAnnotations) meta.annotations = { ...(meta.annotations ?? {}), ...dep.podAnnotations };
  const spec = template.spec;
  if (dep.resources) main.resources = normalizeResources(dep.resources);
  if (dep.env) main.env = mergeEnv((main.env as Json[] | undefined) ?? [], dep.env as unknown as Json[]);
  if (dep.containerSecurityContext) main.securityContext = { ...(main.securityContext as Json | undefined), ...dep.containerSecurityContext };
  if (dep.podSecurityContext) spec.securityContext = { ...(spec.securityContext as Json | undefined), ...dep.podSecurityContext };
  if (dep.affinity) spec.affinity = dep.affinity;
  if (dep.tolerations) spec.tolerations = dep.tolerations;
  if (dep.nodeSelector) spec.nodeSelector = dep.nodeSelector;
  if (dep.priorityClassName) spec.priorityClassName = dep.priorityClassName;
}

/** The Service of a component: defaults, then kubeSpec.service (ports merged by name). */
export function renderService(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  type: string,
  ports: readonly PortDef[],
  svc: ServiceKubeSpec | undefined,
): KubeObject {
  const merged: Json[] = ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  for (const p of svc?.ports ?? []) {
    const i = p.name === undefined ? -1 : merged.findIndex((m) => m.name === p.name);
    const port = { ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port };
    if (i === -1) merged.push(port);
    else merged[i] = { ...merged[i], ...port };
  }
  const seen = new Map<string, unknown>();
  for (const p of merged) {
    const key = `${String(p.port)}/${String(p.protocol)}`;
    if (seen.has(key)) {
      const field = 'kubeSpec.service.ports';
      throw new MeshError(
        InstallErrors.InstallFieldInvalid,
        `${field}: port ${key} of Service ${namespace}/${name} is used by both "${String(seen.get(key))}" and "${String(p.name)}"`,
        { field, fix: `Reuse the default port's name ("${String(seen.get(key))}") to change it, or pick another port number.` },
      );
    }
    seen.set(key, p.name);
  }
  const finalType = svc?.type ?? type;
  const spec: Json = {
    type: finalType,
    selector,
    ports: finalType === 'ClusterIP' || finalType === 'ExternalName' ? merged.map(({ nodePort: _n, ...rest }) => rest) : merged,
  };
  if (svc?.loadBalancerIP) spec.loadBalancerIP = svc.loadBalancerIP;
  if (svc?.loadBalancerSourceRanges) spec.loadBalancerSourceRanges = svc.loadBalancerSourceRanges;
  if (svc?.loadBalancerClass) spec.loadBalancerClass = svc.loadBalancerClass;
  if (svc?.externalTrafficPolicy) spec.externalTrafficPolicy = svc.externalTrafficPolicy;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { ...(svc?.labels ?? {}), ...labels }, ...(svc?.annotations ? { annotations: { ...svc.annotations } } : {}) },
    spec,
  };
}

/** The ServiceAccount of a component, with kubeSpec.serviceAccount and the CR's pull secrets. */
export function renderServiceAccount(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ks: KubeSpec['serviceAccount'],
  pullSecrets: readonly { name?: string }[] = [],
  automount = true,
): KubeObject {
  const secrets = [...pullSecrets, ...(ks?.imagePullSecrets ?? [])];
  const unique = secrets.filter((s, i) => secrets.findIndex((x) => x.name === s.name) === i);
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels: { ...(ks?.labels ?? {}), ...labels }, ...(ks?.annotations ? { annotations: { ...ks.annotations } } : {}) },
    ...(unique.length ? { imagePullSecrets: unique } : {}),
    ...(automount ? {} : { automountServiceAccountToken: false }),
  };
}

function hpaMetric(m: HpaMetric): Json {
  if (m.type !== 'Resource' || !m.resource) {
    const key = m.type.charAt(0).toLowerCase() + m.type.slice(1);
    return { type: m.type, [key]: (m as unknown as Json)[key] };
  }
  const r = m.resource;
  const target: Json | undefined = r.target
    ? {
        ...r.target,
        ...(r.target.averageValue !== undefined ? { averageValue: String(r.target.averageValue) } : {}),
        ...(r.target.value !== undefined ? { value: String(r.target.value) } : {}),
      }
    : r.targetAverageValue !== undefined
      ? { type: 'AverageValue', averageValue: String(r.targetAverageValue) }
      : { type: 'Utilization', averageUtilization: r.targetAverageUtilization ?? 80 };
  return { type: 'Resource', resource: { name: r.name ?? 'cpu', target } };
}

/** An autoscaling/v2 HPA from TSB's hpaSpec (v2beta1 targetAverageUtilization converted). */
export function renderHpa(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  target: { apiVersion: string; kind: string; name: string },
  hpa: HpaKubeSpec,
): KubeObject {
  const metrics = hpa.metrics?.length
    ? hpa.metrics.map(hpaMetric)
    : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace, labels },
    spec: {
      scaleTargetRef: target,
      minReplicas: hpa.minReplicas ?? 1,
      maxReplicas: hpa.maxReplicas,
      metrics,
      ...(hpa.behavior ? { behavior: hpa.behavior } : {}),
    },
  };
}

/** A PodDisruptionBudget: maxUnavailable 1 by default, so a single replica never blocks a node drain. */
export function renderPdb(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  pdb: DeploymentKubeSpec['podDisruptionBudget'],
): KubeObject {
  const budget = pdb?.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : { maxUnavailable: pdb?.maxUnavailable ?? 1 };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace, labels },
    spec: { ...budget, selector: { matchLabels: selector } },
  };
}

/** Image pull secrets for a pod spec, or undefined when none. */
export function podPullSecrets(secrets: readonly { name?: string }[] | undefined): { name?: string }[] | undefined {
  return secrets && secrets.length ? secrets.map((s) => ({ name: s.name })) : undefined;
}
