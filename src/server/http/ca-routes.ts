import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName, CoreErrors, MeshError } from '../../api/index.js';
import type { MeshCaOperations, RootRotationOperations } from '../contracts.js';
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

const ROTATION = '/v2/organizations/:org/ca/root-rotation';

/**
 * The mesh root rotation (issue #16): GET …/ca/root-rotation (status) and GET …/plan (READ on the
 * organization), POST …/start|advance|abort (SET_POLICY; each answers with the new status).
 */
export function registerRootRotationRoutes(app: FastifyInstance, ops: RootRotationOperations): void {
  const org = (req: FastifyRequest): string => checkName((req.params as { org: string }).org, 'organization');
  app.get(ROTATION, async (req) => ops.status(principalOf(req), org(req)));
  app.get(`${ROTATION}/plan`, async (req) => ops.plan(principalOf(req), org(req)));
  for (const action of ['start', 'advance', 'abort'] as const)
    app.post(`${ROTATION}/${action}`, async (req) => {
      // The actions take no options: a field sent would be silently ignored, so it is refused.
      const body = req.body;
      const fields = body && typeof body === 'object' ? Object.keys(body) : body === undefined || body === null || body === '' ? [] : ['(body)'];
      if (fields.length)
        throw new MeshError(CoreErrors.InvalidInput, `${action} takes no fields, got ${fields.join(', ')}`, {
          field: fields[0],
          fix: 'Send an empty JSON object {}.',
        });
      return ops.act(principalOf(req), org(req), action);
    });
}
