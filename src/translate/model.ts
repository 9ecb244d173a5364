/**
 * The inputs and outputs of translation. Structural types only, so the server can hand in its
 * stored resources and cluster inventories without translate depending on the store.
 */

/** One configuration resource as stored (TSB envelope flattened). */
export interface ConfigResource {
  readonly fqn: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
}

/** A service seen by a cluster's agent. */
export interface InventoryService {
  readonly namespace: string;
  readonly name: string;
  readonly ports?: readonly { readonly name?: string; readonly port: number; readonly protocol?: string }[];
}

/** A cluster as translation sees it: its name, trust domain and inventory from its agent. */
export interface ClusterInfo {
  readonly name: string;
  /** SPIFFE trust domain of the cluster's mesh (default `<name>.tsb.local`, as TSB). */
  readonly trustDomain?: string;
  readonly namespaces: readonly string[];
  readonly services?: readonly InventoryService[];
  /** Issue #17: the Cluster's `spec.network` (TSB), empty/undefined when unset. */
  readonly network?: string;
  /** Issue #17: the Cluster's `spec.locality.region`, when set. */
  readonly region?: string;
  /** Issue #17: the gateways the cluster's agent reports (addresses and exposed hostnames). */
  readonly gateways?: readonly GatewayInfo[];
}

/** A gateway a cluster reports (issue #17): where other clusters reach it and what it exposes. */
export interface GatewayInfo {
  readonly namespace: string;
  /** The gateway's Service name. */
  readonly name: string;
  readonly kind: 'ingress' | 'eastwest' | 'tier1';
  /** LoadBalancer ingress IPs or hostnames; node IPs when only a NodePort is reachable. */
  readonly addresses: readonly string[];
  /** Service ports; `nodePort` is set (non-zero) when `addresses` are node addresses. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly nodePort?: number; readonly protocol?: string }[];
  /** Hostnames the gateway's configuration exposes (Istio Gateway servers[].hosts selecting it). */
  readonly hostnames: readonly string[];
  readonly network?: string;
  /** False when health reports say no gateway pod is ready; undefined when unknown. */
  readonly healthy?: boolean;
}

/** A Kubernetes object produced for one cluster; keys ordered apiVersion, kind, metadata, spec. */
export interface IstioObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly spec: Readonly<Record<string, unknown>>;
}

/** Identity of an object inside one cluster: `namespace/Kind/name`. */
export function objectKey(o: Pick<IstioObject, 'kind' | 'metadata'>): string {
  return `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`;
}

/** The annotation carrying the FQN of the resource that produced an object. */
export const FQN_ANNOTATION = 'tsb.tetrate.io/fqn';
/** Label marking objects meshbridge manages (the sinks prune by it). */
export const MANAGED_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_VALUE = 'meshbridge';
/** Label carrying a DNS-safe hash of the producing FQN (labels cannot hold '/'). */
export const OWNER_LABEL = 'meshbridge.io/owner';
