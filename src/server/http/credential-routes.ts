import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName } from '../../api/index.js';
import type { ClusterCredentialOperations } from '../contracts.js';
import { principalOf } from './principal.js';

const BASE = '/v2/organizations/:org/clusters/:cluster/credentials';

function clusterFqn(req: FastifyRequest): string {
  const p = req.params as { org: string; cluster: string };
  return `organizations/${checkName(p.org, 'organization')}/clusters/${checkName(p.cluster, 'cluster')}`;
}

/**
 * Cluster credentials: POST issues a key pair (`?rotate=true` revokes the older ones), GET lists
 * key ids, DELETE revokes one key or all.
 */
export function registerCredentialRoutes(app: FastifyInstance, credentials: ClusterCredentialOperations): void {
  app.post(BASE, async (req, reply) =>
    reply.code(201).send(await credentials.issue(principalOf(req), clusterFqn(req), (req.query as Record<string, string | undefined>).rotate === 'true')),
  );
  app.get(BASE, async (req) => credentials.list(principalOf(req), clusterFqn(req)));
  const revoke = async (req: FastifyRequest) => credentials.revoke(principalOf(req), clusterFqn(req), (req.params as { id?: string }).id);
  app.delete(BASE, revoke);
  app.delete(`${BASE}/:id`, revoke);
}
