import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterErrors, MeshError } from '../../api/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import type { InventoryPod, InventorySource } from './inventory.js';

/** `--inventory kubernetes`: namespaces and services listed from the cluster's API server. */
export class KubernetesInventory implements InventorySource {
  constructor(private readonly api: CoreV1Api) {}

  /** Uses in-cluster config or KUBECONFIG, as kubectl does. */
  static fromDefaultConfig(): KubernetesInventory {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesInventory(kc.makeApiClient(CoreV1Api));
  }

  async read(): Promise<Inventory> {
    try {
      const [ns, svc] = await Promise.all([this.api.listNamespace(), this.api.listServiceForAllNamespaces()]);
      return {
        namespaces: ns.items.map((n) => n.metadata?.name ?? '').filter(Boolean).sort(),
        services: svc.items.map((s) => ({
          namespace: s.metadata?.namespace ?? '',
          name: s.metadata?.name ?? '',
          ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
        })),
      };
    } catch (e) {
      throw new MeshError(ClusterErrors.KubernetesUnavailable, `listing namespaces and services: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Pods with an istio-proxy container (or native-sidecar init container) and an IP. */
  async pods(): Promise<InventoryPod[]> {
    try {
      const list = await this.api.listPodForAllNamespaces();
      return list.items
        .filter((p) => [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy'))
        .filter((p) => p.status?.podIP && p.status.phase === 'Running')
        .map((p) => ({ namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '', ip: p.status?.podIP ?? '' }));
    } catch (e) {
      throw new MeshError(ClusterErrors.KubernetesUnavailable, `listing pods: ${(e as Error).message}`, { cause: e });
    }
  }

  watch(fn: () => void): () => void {
    // A periodic re-list is enough: the server only needs namespace membership, which changes rarely.
    const t = setInterval(fn, 30_000);
    return () => clearInterval(t);
  }
}
