import { MeshError, InstallErrors } from '../api/index.js';
import type { KubeSpec } from './types.js';

function invalid(field: string, message: string): MeshError {
  return new MeshError(InstallErrors.InstallFieldInvalid, `${field}: ${message}`, { field });
}

/** Checks a kubeSpec beyond its schema: what the API server would refuse later, caught now with the CR path. */
export function checkKubeSpec(ks: KubeSpec | undefined, field: string): void {
  const hpa = ks?.deployment?.hpaSpec;
  if (hpa?.minReplicas !== undefined && hpa.minReplicas > hpa.maxReplicas) {
    throw invalid(`${field}.deployment.hpaSpec.minReplicas`, `${hpa.minReplicas} is more than maxReplicas ${hpa.maxReplicas}`);
  }
  const pdb = ks?.deployment?.podDisruptionBudget;
  if (pdb?.minAvailable !== undefined && pdb.maxUnavailable !== undefined) {
    throw invalid(`${field}.deployment.podDisruptionBudget`, 'set either minAvailable or maxUnavailable, not both');
  }
  if (ks?.service?.type === 'ExternalName') {
    // An ExternalName Service has no selector: traffic would never reach the component's pods.
    throw invalid(`${field}.service.type`, 'ExternalName cannot front a workload; use ClusterIP, NodePort or LoadBalancer');
  }
  const names = new Map<string, number>();
  const ports = new Map<string, number>();
  (ks?.service?.ports ?? []).forEach((p, i) => {
    const at = `${field}.service.ports[${i}]`;
    // Every component already has a port, so any port added here makes several: Kubernetes then needs names.
    if (p.name === undefined || p.name === '') throw invalid(`${at}.name`, 'is required: a Service with several ports needs a name on each');
    if (names.has(p.name)) throw invalid(`${at}.name`, `"${p.name}" is already used by ports[${names.get(p.name)}]`);
    names.set(p.name, i);
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (ports.has(key)) throw invalid(`${at}.port`, `${key} is already used by ports[${ports.get(key)}]`);
    ports.set(key, i);
  });
}
