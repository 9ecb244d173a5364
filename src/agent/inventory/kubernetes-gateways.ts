// Gateway discovery for the kubernetes inventory (issue #17): which Services are mesh gateways,
// where other clusters reach them, which hostnames they expose and which pods back them.
//
// A Service is a gateway when (first rule that matches wins):
//  1. it carries Istio's gateway labels: `istio: eastwestgateway` (east-west, the label Istio's
//     multicluster samples select) or `istio: ingressgateway` / `app: istio-ingressgateway`;
//  2. TSB installed it: an install.tetrate.io/v1alpha1 IngressGateway, Tier1Gateway or Gateway
//     (spec.type INGRESS|UNIFIED|EASTWEST) of the same name in the same namespace — TSB's data
//     plane operator names the gateway's Deployment and Service after the install object; an
//     IngressGateway with `eastWestOnly: true` is an east-west gateway;
//  3. it serves Istio's multi-network port: 15443, or the port the Service's
//     `networking.istio.io/gatewayPort` label names (east-west).
// Addresses: status.loadBalancer.ingress (IP or hostname) and spec.externalIPs; without them, for
// NodePort/LoadBalancer Services, the nodes' ExternalIP (else InternalIP) addresses with the ports'
// nodePort. Hostnames: servers[].hosts (without a `namespace/` prefix) of the networking.istio.io
// Gateways whose selector matches the labels of one of the gateway's pods (Istio applies a
// Gateway's selector in every namespace). Network: the `topology.istio.io/network` label of the
// Service, else of its pods.
import type { V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import type { GatewayReport } from '../../gen/agent-types.js';

/** An object of a custom resource as the API server lists it. */
export interface CustomObject {
  readonly metadata?: { readonly namespace?: string; readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

/** Everything discovery reads from the cluster. */
export interface GatewaySources {
  readonly services: readonly V1Service[];
  readonly pods: readonly V1Pod[];
  readonly nodes: readonly V1Node[];
  /** networking.istio.io Gateways. */
  readonly istioGateways: readonly CustomObject[];
  /** install.tetrate.io objects by kind: IngressGateway, Tier1Gateway, Gateway. */
  readonly installs: Readonly<Record<'IngressGateway' | 'Tier1Gateway' | 'Gateway', readonly CustomObject[]>>;
}

type Kind = GatewayReport['kind'];
const MULTI_NETWORK_PORT = 15443;
const NETWORK_LABEL = 'topology.istio.io/network';

function installKind(s: V1Service, src: GatewaySources): Kind | undefined {
  const same = (o: CustomObject) => o.metadata?.namespace === s.metadata?.namespace && o.metadata?.name === s.metadata?.name;
  const ig = src.installs.IngressGateway.find(same);
  if (ig) return ig.spec?.eastWestOnly === true ? 'eastwest' : 'ingress';
  if (src.installs.Tier1Gateway.some(same)) return 'tier1';
  const type = src.installs.Gateway.find(same)?.spec?.type;
  if (type === 'EASTWEST') return 'eastwest';
  if (type === 'INGRESS' || type === 'UNIFIED' || (src.installs.Gateway.some(same) && type === undefined)) return 'ingress';
  return undefined;
}

/** The gateway kind of a Service by the rules in the file comment; undefined when it is not a gateway. */
export function gatewayKind(s: V1Service, src: GatewaySources): Kind | undefined {
  const labels = s.metadata?.labels ?? {};
  if (labels.istio === 'eastwestgateway') return 'eastwest';
  if (labels.istio === 'ingressgateway' || labels.app === 'istio-ingressgateway') return 'ingress';
  const installed = installKind(s, src);
  if (installed) return installed;
  const mnPort = Number(labels['networking.istio.io/gatewayPort'] ?? MULTI_NETWORK_PORT);
  return (s.spec?.ports ?? []).some((p) => p.port === mnPort) ? 'eastwest' : undefined;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

function nodeAddresses(nodes: readonly V1Node[]): string[] {
  const pick = (n: V1Node) => {
    const a = n.status?.addresses ?? [];
    return (a.find((x) => x.type === 'ExternalIP') ?? a.find((x) => x.type === 'InternalIP'))?.address;
  };
  return [...new Set(nodes.map(pick).filter((x): x is string => !!x))].sort();
}

function hostnamesOf(pods: readonly V1Pod[], gateways: readonly CustomObject[]): string[] {
  const hosts = new Set<string>();
  for (const g of gateways) {
    const selector = g.spec?.selector as Record<string, string> | undefined;
    if (!pods.some((p) => matches(selector, p.metadata?.labels ?? {}))) continue;
    for (const server of (g.spec?.servers ?? []) as { hosts?: unknown }[]) {
      for (const h of Array.isArray(server.hosts) ? server.hosts : []) if (typeof h === 'string') hosts.add(h.slice(h.indexOf('/') + 1).toLowerCase());
    }
  }
  return [...hosts].sort();
}

/** The cluster's gateways, by the rules in the file comment, sorted by namespace/name. */
export function discoverGateways(src: GatewaySources): GatewayReport[] {
  const out: GatewayReport[] = [];
  for (const s of src.services) {
    const kind = gatewayKind(s, src);
    if (!kind) continue;
    const ns = s.metadata?.namespace ?? '';
    const pods = src.pods.filter((p) => p.metadata?.namespace === ns && matches(s.spec?.selector, p.metadata?.labels ?? {}));
    const lb = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
    const direct = [...new Set([...lb, ...(s.spec?.externalIPs ?? [])])];
    const viaNodes = direct.length === 0 && (s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer');
    const network = s.metadata?.labels?.[NETWORK_LABEL] ?? pods.map((p) => p.metadata?.labels?.[NETWORK_LABEL]).find(Boolean) ?? '';
    out.push({
      namespace: ns,
      name: s.metadata?.name ?? '',
      kind,
      addresses: viaNodes ? nodeAddresses(src.nodes) : direct,
      ports: (s.spec?.ports ?? []).map((p) => ({
        name: p.name ?? '',
        port: p.port,
        nodePort: viaNodes ? (p.nodePort ?? 0) : 0,
        protocol: p.protocol ?? 'TCP',
      })),
      hostnames: hostnamesOf(pods, src.istioGateways),
      network,
      pods: pods.map((p) => p.metadata?.name ?? '').sort(),
    });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
