import type { FastifyInstance } from 'fastify';
import { checkName, CoreErrors, MeshError } from '../../api/index.js';
import type { FleetTrustOperations } from '../contracts.js';
import { principalOf } from './principal.js';

const ALLOWED = ['cluster', 'workspace', 'from', 'to'];

/**
 * The fleet's workload trust (issue #16): `GET /v2/organizations/{org}/trust[?cluster=c&
 * workspace=tenants/t/workspaces/w&from=SHA256&to=SHA256]` — whole clusters the caller may read,
 * else their workspaces' namespaces.
 */
export function registerFleetTrustRoutes(app: FastifyInstance, trust: FleetTrustOperations): void {
  app.get('/v2/organizations/:org/trust', async (req) => {
    const { org } = req.params as { org: string };
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
      if (!ALLOWED.includes(k)) throw new MeshError(CoreErrors.InvalidInput, `${k}: unknown query parameter; use ${ALLOWED.join(', ')}`, { field: k });
      if (typeof v !== 'string') throw new MeshError(CoreErrors.InvalidInput, `${k}: give it once`, { field: k });
      q[k] = v;
    }
    if (q.workspace !== undefined && !/^tenants\/[^/]+\/workspaces\/[^/]+$/.test(q.workspace))
      throw new MeshError(CoreErrors.InvalidInput, `workspace: "${q.workspace}" must be tenants/TENANT/workspaces/WORKSPACE`, { field: 'workspace' });
    if (q.cluster !== undefined) checkName(q.cluster, 'cluster');
    return trust.fleet(principalOf(req), checkName(org, 'organization'), q);
  });
}
