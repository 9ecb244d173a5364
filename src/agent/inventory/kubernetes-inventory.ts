import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterErrors, MeshError } from '../../api/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import type { InventorySource } from './inventory.js';
import { caReport, cacertsFromSecret } from '../ca-report.js';

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
      const [ns, svc, cacerts] = await Promise.all([this.api.listNamespace(), this.api.listServiceForAllNamespaces(), this.cacerts()]);
      return {
        ...(cacerts ? { ca: caReport(cacertsFromSecret(cacerts as unknown as Record<string, unknown>), 'cluster') } : {}),
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

  /** istiod's cacerts Secret, when the cluster holds one (only its certificates are reported). */
  private async cacerts(): Promise<object | undefined> {
    try {
      return await this.api.readNamespacedSecret({ name: 'cacerts', namespace: 'istio-system' });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  watch(fn: () => void): () => void {
    // A periodic re-list is enough: the server only needs namespace membership, which changes rarely.
    const t = setInterval(fn, 30_000);
    return () => clearInterval(t);
  }
}
