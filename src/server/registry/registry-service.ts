// Who may see which registry entries: a caller sees the clusters they may READ, and a hostname only
// when one of those clusters exposes it (issue #17). Domain logic only: the HTTP routes call it.
import { isRegistryHostname, MeshError, MulticlusterErrors, serviceHealth, type RegisteredService, type ServiceRegistryList } from '../../api/index.js';
import type { MeshView } from '../../translate/index.js';
import type { Principal, Rbac, ServiceRegistryOperations } from '../contracts.js';
import { buildRegistry } from './build-registry.js';

/** See the file comment. */
export class RegistryService implements ServiceRegistryOperations {
  constructor(
    /** The org's mesh view; undefined before distribution started. */
    private readonly mesh: (org: string) => MeshView | undefined,
    private readonly rbac: Pick<Rbac, 'can'>,
  ) {}

  /** `GET /v2/organizations/{org}/services`: every hostname exposed by a cluster the caller may read. */
  async list(p: Principal, org: string): Promise<ServiceRegistryList> {
    const orgFqn = `organizations/${org}`;
    const view = this.mesh(orgFqn);
    if (!view) return { services: [] };
    const readable = new Set<string>();
    for (const c of view.clusters) if (await this.rbac.can(p, 'READ', `${orgFqn}/clusters/${c.name}`)) readable.add(c.name);
    const services: RegisteredService[] = [];
    for (const s of buildRegistry(orgFqn, view)) {
      const clusters = s.clusters.filter((c) => readable.has(c.cluster));
      if (clusters.length) services.push({ ...s, clusters, health: serviceHealth(clusters.flatMap((c) => c.gateways)) });
    }
    return { services };
  }

  /** `GET /v2/organizations/{org}/services/{hostname}`; NotFound (MB1701) when no readable cluster exposes it. */
  async get(p: Principal, org: string, hostname: string): Promise<RegisteredService> {
    const host = hostname.toLowerCase();
    if (!isRegistryHostname(host))
      throw new MeshError(MulticlusterErrors.ServiceHostInvalid, `hostname "${hostname}" is not a DNS name`, { field: 'hostname' });
    const found = (await this.list(p, org)).services.find((s) => s.hostname === host);
    if (!found)
      throw new MeshError(
        MulticlusterErrors.ServiceNotRegistered,
        `organizations/${org}/services/${host}: no gateway of a cluster you may read exposes ${host}`,
        { field: 'hostname' },
      );
    return found;
  }
}
