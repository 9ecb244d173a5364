// tctl's port-forwards: the forwarder built from --kubeconfig/--context, and the MB2501 error; the
// forwarding itself lives in src/client (the agent's Kubernetes inventory uses it too).
import { HealthErrors, MeshError } from '../../../../api/index.js';
import type { PortForwarder } from '../../../../client/index.js';

export { forwardPort, type LocalForward, type PortForwarder } from '../../../../client/index.js';

/** Builds a forwarder from --kubeconfig/--context (else KUBECONFIG, ~/.kube/config, in-cluster). */
export async function kubeForwarder(kubeconfig: string | undefined, context: string | undefined): Promise<PortForwarder> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new MeshError(HealthErrors.HealthKubeconfigInvalid, `--kubeconfig ${kubeconfig ?? '(default)'}: ${(e as Error).message}`, { field: 'kubeconfig' });
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new MeshError(
        HealthErrors.HealthKubeconfigInvalid,
        `--context ${context}: not in the kubeconfig (it has: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
        { field: 'context' },
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new MeshError(HealthErrors.HealthKubeconfigInvalid, 'the kubeconfig has no current cluster', { field: 'kubeconfig' });
  return new k8s.PortForward(kc);
}

/** Reports a forward that never worked as MB2501 naming the pod. */
export function forwardFailed(namespace: string, pod: string, port: number, why: string): MeshError {
  return new MeshError(HealthErrors.HealthPortForwardFailed, `pod ${namespace}/${pod}: cannot port-forward to ${port} (${why})`, { field: 'POD' });
}
