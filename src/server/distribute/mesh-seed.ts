import type { Store, StatusRecord } from '../../store/index.js';
import { meshView, type ClusterInfo, type MeshView } from '../../translate/index.js';

type GatewayInfo = NonNullable<ClusterInfo['gateways']>[number];

/**
 * What a cluster's stored status keeps of the mesh view beyond its namespaces and services (issue
 * #18): the trust domain, network, region and gateways translation reads. Service ports are not
 * kept: translation reads only a service's namespace and name.
 */
export interface StoredMeshInfo {
  readonly trustDomain?: string;
  readonly network?: string;
  readonly region?: string;
  readonly gateways?: readonly GatewayInfo[];
}

/** The fields of `info` the stored status keeps next to its namespaces and services (only those set). */
export function storedMeshInfo(info: ClusterInfo): StoredMeshInfo {
  return {
    ...(info.trustDomain ? { trustDomain: info.trustDomain } : {}),
    ...(info.network ? { network: info.network } : {}),
    ...(info.region ? { region: info.region } : {}),
    ...(info.gateways && info.gateways.length > 0 ? { gateways: info.gateways } : {}),
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * A cluster's last known mesh view, read back from its stored status (the aggregate record,
 * source ''), or undefined when it never reported. `specTrustDomain` (the Cluster's
 * spec.trustDomain) stands in when the status carries none, as for a live agent that reports none.
 */
export function seededInfo(name: string, records: readonly StatusRecord[], specTrustDomain: string | undefined): ClusterInfo | undefined {
  const s = records.find((r) => r.source === '')?.status;
  if (!s || !Array.isArray(s.namespaces)) return undefined;
  const services = strings(s.services).flatMap((t) => {
    const slash = t.indexOf('/');
    return slash > 0 ? [{ namespace: t.slice(0, slash), name: t.slice(slash + 1) }] : [];
  });
  const gateways = Array.isArray(s.gateways) ? (s.gateways as GatewayInfo[]) : undefined;
  const trustDomain = text(s.trustDomain) ?? specTrustDomain;
  const network = text(s.network);
  const region = text(s.region);
  return {
    name,
    ...(trustDomain ? { trustDomain } : {}),
    namespaces: [...new Set(strings(s.namespaces))].sort(),
    services,
    ...(network ? { network } : {}),
    ...(region ? { region } : {}),
    ...(gateways && gateways.length > 0 ? { gateways } : {}),
  };
}

/**
 * The last known view of every cluster of an organization, loaded once per organization from the
 * store, so that a restarted server translates with what the clusters last reported instead of
 * with only the clusters whose agents have reconnected so far. Without it a policy over
 * namespaces that span clusters is first written without the other clusters' namespaces and
 * principals, then with them: access briefly narrows or widens after every restart.
 */
export class MeshSeeds {
  private readonly loaded = new Map<string, Promise<void>>();
  private readonly seeds = new Map<string, ClusterInfo>();

  constructor(
    private readonly store: Pick<Store, 'reader' | 'getStatus'>,
    private readonly onError: (err: unknown, org: string) => void,
  ) {}

  /** Loads the organization's stored views (once; a failure is logged and leaves no seed). */
  load(org: string): Promise<void> {
    let p = this.loaded.get(org);
    if (!p) {
      p = this.read(org).catch((err: unknown) => this.onError(err, org));
      this.loaded.set(org, p);
    }
    return p;
  }

  private async read(org: string): Promise<void> {
    const clusters = (await this.store.reader.listChildren(org, 'clusters')).filter((r) => r.kind === 'Cluster');
    for (const c of clusters) {
      const td = typeof c.spec.trustDomain === 'string' ? c.spec.trustDomain : undefined;
      const info = seededInfo(c.name, await this.store.getStatus(c.fqn), td);
      if (info) this.seeds.set(c.fqn, info);
    }
  }

  /** The org's mesh view: the live clusters' info (those of `clusters` in `org`), and the seeded info of every other cluster of `org`. */
  view(org: string, clusters: Iterable<{ readonly org: string; readonly fqn: string; readonly info: ClusterInfo }>): MeshView {
    const prefix = `${org}/clusters/`;
    const live = [...clusters].filter((c) => c.org === org);
    const known = new Set(live.map((c) => c.fqn));
    const seeded = [...this.seeds].filter(([fqn]) => fqn.startsWith(prefix) && !known.has(fqn)).map(([, info]) => info);
    return meshView([...live.map((c) => c.info), ...seeded]);
  }

  /** Forgets a cluster's seed (the Cluster was deleted). Returns true when there was one. */
  forget(fqn: string): boolean {
    return this.seeds.delete(fqn);
  }
}
