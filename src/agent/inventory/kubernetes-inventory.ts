import { CoreV1Api, KubeConfig, PortForward } from '@kubernetes/client-node';
import type { PortForwarder } from '../../client/index.js';
import { SidecarTrustCache, type SidecarTrustOptions } from './sidecar-trust.js';
import { parse } from 'yaml';
import { ClusterErrors, MeshError } from '../../api/index.js';
import type { Inventory } from '../../gen/agent-types.js';
import type { InventoryPod, InventorySource } from './inventory.js';
import { caReport, cacertsFromSecret } from '../ca-report.js';

/**
 * `--inventory kubernetes`: namespaces and services listed from the cluster's API server; with a
 * port-forwarder, also what every sidecar trusts (its Envoy admin's active secrets, issue #16).
 */
export class KubernetesInventory implements InventorySource {
  private readonly sidecars: SidecarTrustCache | undefined;

  constructor(
    private readonly api: CoreV1Api,
    forwarder?: PortForwarder,
    trustOptions: SidecarTrustOptions = {},
  ) {
    this.sidecars = forwarder ? new SidecarTrustCache(forwarder, trustOptions) : undefined;
  }

  /** Uses in-cluster config or KUBECONFIG, as kubectl does. */
  static fromDefaultConfig(): KubernetesInventory {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesInventory(kc.makeApiClient(CoreV1Api), new PortForward(kc));
  }

  async read(): Promise<Inventory> {
    try {
      const [ns, svc, trustDomain, cacerts, workloadTrust] = await Promise.all([
        this.api.listNamespace(),
        this.api.listServiceForAllNamespaces(),
        this.trustDomain(),
        this.cacerts(),
        this.sidecars ? this.pods().then((pods) => (this.sidecars as SidecarTrustCache).read(pods)) : [],
      ]);
      return {
        trustDomain,
        workloadTrust,
        workloadTrustReported: this.sidecars !== undefined,
        gateways: [],
        ...(cacerts ? { ca: caReport(cacertsFromSecret(cacerts as unknown as Record<string, unknown>), 'cluster') } : {}),
        namespaces: ns.items
          .map((n) => n.metadata?.name ?? '')
          .filter(Boolean)
          .sort(),
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

  /**
   * istiod's trust domain: `trustDomain` of the mesh config in the `istio` ConfigMap of
   * istio-system (key `mesh`), Istio's default `cluster.local` when the mesh config sets none, and
   * '' (unknown) when there is no such ConfigMap or it cannot be read.
   */
  private async trustDomain(): Promise<string> {
    let data: Record<string, string> | undefined;
    try {
      data = (await this.api.readNamespacedConfigMap({ name: 'istio', namespace: 'istio-system' })).data;
    } catch {
      return '';
    }
    if (data?.mesh === undefined) return '';
    let mesh: unknown;
    try {
      mesh = parse(data.mesh);
    } catch {
      return '';
    }
    const td = (mesh as { trustDomain?: unknown } | null)?.trustDomain;
    return typeof td === 'string' && td.length > 0 ? td : 'cluster.local';
  }

  watch(fn: () => void): () => void {
    // A periodic re-list is enough: the server only needs namespace membership, which changes rarely.
    const t = setInterval(fn, 30_000);
    return () => clearInterval(t);
  }
}
