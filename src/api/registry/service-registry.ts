// The global service registry's wire shapes (issue #17): `GET /v2/organizations/{org}/services` and
// `GET /v2/organizations/{org}/services/{hostname}`. The server builds them from its mesh view,
// tctl reads them. Modelled on TSB's registry Service (fqn, hostnames, ports, externalAddresses,
// state), grouped by hostname with the clusters and gateways that expose it.

/** A gateway's health from the sidecar health reports of its pods. */
export type GatewayHealth = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

/** One gateway of a cluster that exposes the hostname. */
export interface RegisteredGateway {
  namespace: string;
  name: string;
  kind: 'ingress' | 'eastwest' | 'tier1';
  /** Where other clusters reach it: LoadBalancer IPs/hostnames, or node addresses (then use `nodePort`). */
  addresses: string[];
  ports: { name: string; port: number; nodePort?: number; protocol?: string }[];
  /** The gateway's network, else its cluster's, else "". */
  network: string;
  health: GatewayHealth;
}

/** A cluster that exposes the hostname, with the gateways that do. */
export interface RegisteredCluster {
  cluster: string;
  fqn: string;
  /** The Cluster's spec.network ("" when unset). */
  network: string;
  region?: string;
  gateways: RegisteredGateway[];
}

/** One hostname of the registry. */
export interface RegisteredService {
  /** organizations/{org}/services/{hostname} */
  fqn: string;
  hostname: string;
  /** HEALTHY when one of its gateways is, UNHEALTHY when all are not, else UNKNOWN. */
  health: GatewayHealth;
  clusters: RegisteredCluster[];
}

/** `GET /v2/organizations/{org}/services`. */
export interface ServiceRegistryList {
  services: RegisteredService[];
}

/** The service's health from its gateways'. */
export function serviceHealth(gateways: readonly { health: GatewayHealth }[]): GatewayHealth {
  if (gateways.some((g) => g.health === 'HEALTHY')) return 'HEALTHY';
  if (gateways.length > 0 && gateways.every((g) => g.health === 'UNHEALTHY')) return 'UNHEALTHY';
  return 'UNKNOWN';
}

const HOSTNAME = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** True for a registry hostname: a lower-case DNS name, optionally `*.`-prefixed, or `*`. */
export function isRegistryHostname(h: string): boolean {
  return h.length <= 253 && HOSTNAME.test(h);
}
