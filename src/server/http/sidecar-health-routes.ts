import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName, CoreErrors, MeshError } from '../../api/index.js';
import type { SidecarHealthOperations } from '../contracts.js';
import { principalOf } from './principal.js';

function query(req: FastifyRequest, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
    if (!allowed.includes(k)) throw new MeshError(CoreErrors.InvalidInput, `${k}: unknown query parameter; use ${allowed.join(', ')}`, { field: k });
    if (typeof v !== 'string') throw new MeshError(CoreErrors.InvalidInput, `${k}: give it once`, { field: k });
    out[k] = v;
  }
  if (out.sweep !== undefined && out.sweep !== 'true' && out.sweep !== 'false')
    throw new MeshError(CoreErrors.InvalidInput, `sweep: "${out.sweep}" is not true or false`, { field: 'sweep' });
  if (out.workspace !== undefined && !/^tenants\/[^/]+\/workspaces\/[^/]+$/.test(out.workspace)) {
    throw new MeshError(CoreErrors.InvalidInput, `workspace: "${out.workspace}" must be tenants/TENANT/workspaces/WORKSPACE`, { field: 'workspace' });
  }
  if (out.cluster !== undefined) checkName(out.cluster, 'cluster');
  return out;
}

/**
 * Sidecar health (issue #13):
 * `GET /v2/organizations/{org}/clusters/{c}/health[?sweep=true]` — one cluster (READ on it);
 * `GET /v2/organizations/{org}/health[?sweep=true&workspace=tenants/t/workspaces/w&cluster=c]` —
 * what the caller may see: whole clusters they may read, else their workspaces' namespaces.
 */
export function registerSidecarHealthRoutes(app: FastifyInstance, health: SidecarHealthOperations): void {
  app.get('/v2/organizations/:org/clusters/:cluster/health', async (req) => {
    const { org, cluster } = req.params as { org: string; cluster: string };
    const q = query(req, ['sweep']);
    return health.cluster(principalOf(req), checkName(org, 'organization'), checkName(cluster, 'cluster'), q.sweep === 'true');
  });
  app.get('/v2/organizations/:org/health', async (req) => {
    const { org } = req.params as { org: string };
    const q = query(req, ['sweep', 'workspace', 'cluster']);
    return health.fleet(principalOf(req), checkName(org, 'organization'), { workspace: q.workspace, cluster: q.cluster, sweep: q.sweep === 'true' });
  });
}
