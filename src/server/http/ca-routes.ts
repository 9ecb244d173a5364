import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName } from '../../api/index.js';
import type { MeshCaOperations } from '../contracts.js';
import { principalOf } from './principal.js';

const BASE = '/v2/organizations/:org/clusters/:cluster/cacerts';

function clusterFqn(req: FastifyRequest): string {
  const p = req.params as { org: string; cluster: string };
  return `organizations/${checkName(p.org, 'organization')}/clusters/${checkName(p.cluster, 'cluster')}`;
}

function namespaceOf(req: FastifyRequest): string | undefined {
  return (req.query as Record<string, string | undefined>).namespace;
}

/**
 * GET /v2/cas/root (any authenticated caller: the root is public), GET …/clusters/{c}/cacerts (READ
 * on the cluster) and POST …/cacerts/rotate (SET_POLICY): certificates and status only; the
 * intermediate's key reaches the cluster only on its agent stream.
 */
export function registerCaRoutes(app: FastifyInstance, ca: MeshCaOperations): void {
  app.get('/v2/cas/root', async () => ca.root());
  app.get(BASE, async (req, reply) => reply.header('cache-control', 'no-store').send(await ca.cacerts(principalOf(req), clusterFqn(req), namespaceOf(req))));
  app.post(`${BASE}/rotate`, async (req, reply) =>
    reply
      .code(201)
      .header('cache-control', 'no-store')
      .send(await ca.rotate(principalOf(req), clusterFqn(req), namespaceOf(req))),
  );
}
