import type { FastifyInstance } from 'fastify';
import { checkName, CoreErrors, MeshError } from '../../api/index.js';
import type { ServiceRegistryOperations } from '../contracts.js';
import { principalOf } from './principal.js';

/**
 * The global service registry (issue #17), TSB's registry paths:
 * `GET /v2/organizations/{org}/services` and `GET /v2/organizations/{org}/services/{hostname}`.
 */
export function registerServiceRegistryRoutes(app: FastifyInstance, registry: ServiceRegistryOperations): void {
  const noQuery = (q: unknown): void => {
    const k = Object.keys((q ?? {}) as object)[0];
    if (k !== undefined) throw new MeshError(CoreErrors.InvalidInput, `${k}: unknown query parameter; this path takes none`, { field: k });
  };
  app.get('/v2/organizations/:org/services', async (req) => {
    noQuery(req.query);
    const { org } = req.params as { org: string };
    return registry.list(principalOf(req), checkName(org, 'organization'));
  });
  app.get('/v2/organizations/:org/services/:hostname', async (req) => {
    noQuery(req.query);
    const { org, hostname } = req.params as { org: string; hostname: string };
    return registry.get(principalOf(req), checkName(org, 'organization'), hostname);
  });
}
