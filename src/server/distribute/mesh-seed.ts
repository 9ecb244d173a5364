import type { Store, StatusRecord, StoredResource } from '../../store/index.js';
import type { ClusterInfo, GatewayInfo } from '../../translate/index.js';
import { clusterSpecFacts, type ClusterSpecFacts } from './cluster-info.js';

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
 * source ''), or undefined when it never reported. What the Cluster resource says (`spec`: the
 * trust domain used when none was reported, network, region) is taken from the resource as it is
 * now, exactly as for a live agent; namespaces, services, the reported trust domain and gateways
 * from the status.
 */
export function seededInfo(name: string, records: readonly StatusRecord[], spec: ClusterSpecFacts): ClusterInfo | undefined {
  const s = records.find((r) => r.source === '')?.status;
  if (!s || !Array.isArray(s.namespaces)) return undefined;
  const services = strings(s.services).flatMap((t) => {
    const slash = t.indexOf('/');
    return slash > 0 ? [{ namespace: t.slice(0, slash), name: t.slice(slash + 1) }] : [];
  });
  const gateways = Array.isArray(s.gateways) ? (s.gateways as GatewayInfo[]) : undefined;
  const trustDomain = text(s.trustDomain) ?? spec.trustDomain;
  return {
    name,
    ...(trustDomain ? { trustDomain } : {}),
    namespaces: [...new Set(strings(s.namespaces))].sort(),
    services,
    ...(spec.network ? { network: spec.network } : {}),
    ...(spec.region ? { region: spec.region } : {}),
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
  private readonly seeds = new Map<string, { readonly name: string; readonly records: StatusRecord[]; info: ClusterInfo }>();

  constructor(
    private readonly store: Pick<Store, 'reader' | 'getStatus'>,
    private readonly onError: (err: unknown, org: string) => void,
  ) {}

  /**
   * Loads the organization's stored views (once when it succeeds; a failure is logged, leaves no
   * seed and is forgotten, so the next agent of that organization to connect reads again).
   */
  load(org: string): Promise<void> {
    let p = this.loaded.get(org);
    if (!p) {
      p = this.read(org).catch((err: unknown) => {
        this.loaded.delete(org);
        this.onError(err, org);
      });
      this.loaded.set(org, p);
    }
    return p;
  }

  private async read(org: string): Promise<void> {
    const clusters = (await this.store.reader.listChildren(org, 'clusters')).filter((r) => r.kind === 'Cluster');
    for (const c of clusters) {
      const records = await this.store.getStatus(c.fqn);
      const info = seededInfo(c.name, records, clusterSpecFacts(c.spec));
      if (info) this.seeds.set(c.fqn, { name: c.name, records, info });
    }
  }

  /** Every cluster's info of `org`: the live ones (of `clusters`), and the seed of every other. */
  infos(org: string, clusters: Iterable<{ readonly org: string; readonly fqn: string; readonly info: ClusterInfo }>): ClusterInfo[] {
    const prefix = `${org}/clusters/`;
    const live = [...clusters].filter((c) => c.org === org);
    const known = new Set(live.map((c) => c.fqn));
    const seeded = [...this.seeds].filter(([fqn]) => fqn.startsWith(prefix) && !known.has(fqn)).map(([, seed]) => seed.info);
    return [...live.map((c) => c.info), ...seeded];
  }

  /** The Cluster changed (its spec facts apply to the seed) or was deleted (the seed goes). True when a seed changed. */
  update(fqn: string, r: StoredResource | undefined): boolean {
    const seed = this.seeds.get(fqn);
    if (!seed) return false;
    if (!r) return this.seeds.delete(fqn);
    seed.info = seededInfo(seed.name, seed.records, clusterSpecFacts(r.spec)) ?? seed.info;
    return true;
  }
}
