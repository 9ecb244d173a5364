import { CoreV1Api, CustomObjectsApi, KubeConfig, PortForward, type V1Service } from '@kubernetes/client-node';
import type { PortForwarder } from '../../client/index.js';
import { SidecarTrustCache, type SidecarTrustOptions } from './sidecar-trust.js';
import { parse } from 'yaml';
import { ClusterErrors, MeshError } from '../../api/index.js';
import type { GatewayReport, Inventory } from '../../gen/agent-types.js';
import type { InventoryPod, InventorySource } from './inventory.js';
import { caReport, cacertsFromSecret } from '../ca-report.js';
import { GATEWAY_WATCH_PATHS, watchCollections } from './kubernetes-watch.js';
import { discoverGateways, gatewayKind, type CustomObject, type GatewaySources } from './kubernetes-gateways.js';

/**
 * `--inventory kubernetes`: namespaces, services and gateways listed from the cluster's API server;
 * with a port-forwarder, also what every sidecar trusts (its Envoy admin's active secrets, issue #16).
 */
export class KubernetesInventory implements InventorySource {
  private readonly sidecars: SidecarTrustCache | undefined;

  /** Gateways are discovered when `custom` is given (Istio Gateways and TSB install objects are custom resources). */
  constructor(
    private readonly api: CoreV1Api,
    private readonly custom?: CustomObjectsApi,
    /** When given, Services and Istio Gateways are watched so gateway changes are reported at once. */
    private readonly kc?: KubeConfig,
    /** When given, every sidecar's trust is read through pods/portforward (issue #16). */
    trust?: { readonly forwarder: PortForwarder; readonly options?: SidecarTrustOptions },
  ) {
    this.sidecars = trust ? new SidecarTrustCache(trust.forwarder, trust.options) : undefined;
  }

  /** Uses in-cluster config or KUBECONFIG, as kubectl does. */
  static fromDefaultConfig(): KubernetesInventory {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesInventory(kc.makeApiClient(CoreV1Api), kc.makeApiClient(CustomObjectsApi), kc, { forwarder: new PortForward(kc) });
  }

  async read(): Promise<Inventory> {
    try {
      // cacerts first: when they changed, no sidecar answer read before may be reused (rotation gates).
      const cacerts = await this.cacerts();
      const ca = cacerts ? caReport(cacertsFromSecret(cacerts as unknown as Record<string, unknown>), 'cluster') : undefined;
      this.sidecars?.noteCacerts(ca ? `${ca.caCertSha256}/${ca.rootCertSha256.join('+')}` : '');
      const [ns, svc, trustDomain, workloadTrust] = await Promise.all([
        this.api.listNamespace(),
        this.api.listServiceForAllNamespaces(),
        this.trustDomain(),
        this.sidecars ? this.pods().then((pods) => (this.sidecars as SidecarTrustCache).read(pods)) : [],
      ]);
      return {
        trustDomain,
        workloadTrust,
        workloadTrustReported: this.sidecars !== undefined,
        gateways: await this.gateways(svc.items),
        ...(ca ? { ca } : {}),
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
      throw new MeshError(ClusterErrors.KubernetesUnavailable, `listing namespaces, services and gateways: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The cluster's gateways (see kubernetes-gateways.ts); nothing more is listed when no Service can be one. */
  private async gateways(services: readonly V1Service[]): Promise<GatewayReport[]> {
    if (!this.custom) return [];
    const [istioGateways, ig, t1, gw] = await Promise.all([
      this.customObjects('networking.istio.io', 'v1beta1', 'gateways'),
      this.customObjects('install.tetrate.io', 'v1alpha1', 'ingressgateways'),
      this.customObjects('install.tetrate.io', 'v1alpha1', 'tier1gateways'),
      this.customObjects('install.tetrate.io', 'v1alpha1', 'gateways'),
    ]);
    const src: GatewaySources = { services, pods: [], nodes: [], istioGateways, installs: { IngressGateway: ig, Tier1Gateway: t1, Gateway: gw } };
    if (!services.some((s) => gatewayKind(s, src))) return [];
    const [pods, nodes] = await Promise.all([this.api.listPodForAllNamespaces(), this.api.listNode()]);
    return discoverGateways({ ...src, pods: pods.items, nodes: nodes.items });
  }

  /** A custom resource's objects in every namespace; none when its CRD is not installed (404). */
  private async customObjects(group: string, version: string, plural: string): Promise<CustomObject[]> {
    try {
      const list = (await this.custom?.listClusterCustomObject({ group, version, plural })) as { items?: CustomObject[] } | undefined;
      return list?.items ?? [];
    } catch (e) {
      if ((e as { code?: number }).code === 404) return [];
      throw e;
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
    // A periodic re-list covers what changes rarely (namespaces, nodes, pods); gateway Services and
    // Istio Gateways are watched, so an address or hostname change is reported at once (issue #17).
    const t = setInterval(fn, 30_000);
    const stop = this.kc && this.custom ? watchCollections(this.kc, GATEWAY_WATCH_PATHS, fn) : () => {};
    return () => {
      clearInterval(t);
      stop();
    };
  }
}
