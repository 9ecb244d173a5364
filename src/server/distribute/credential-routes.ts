import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkName } from '../../api/index.js';
import type { ServerDeps } from '../contracts.js';
import { issueClusterKey, listClusterKeys, revokeClusterKeys } from './credentials.js';

interface Params {
  org: string;
  cluster: string;
  id?: string;
}

const BASE = '/v2/organizations/:org/clusters/:cluster/credentials';

/**
 * Cluster credentials (TSB's cluster service account): POST issues a key pair and returns the
 * private JWK once (`?rotate=true` revokes the older keys in the same write), GET lists key ids,
 * DELETE revokes one key or all (all three need SET_POLICY on the cluster); revoked agents are cut off at once on every replica.
 */
export async function registerCredentialRoutes(app: FastifyInstance, deps: ServerDeps, onRevoked: (clusterFqn: string) => Promise<void>): Promise<void> {
  // Minting, rotating or revoking a credential hands out (or takes away) the cluster agent's
  // identity, which receives every tenant's configuration for the cluster and writes statuses:
  // like service-account keys it needs SET_POLICY, which WRITE (writers, editors) does not carry.
  const target = async (req: FastifyRequest, permission: 'READ' | 'SET_POLICY') => {
    const p = req.params as Params;
    const fqn = `organizations/${checkName(p.org, 'organization')}/clusters/${checkName(p.cluster, 'cluster')}`;
    const principal = await deps.auth.authenticate(req.headers, req.ip);
    await deps.rbac.require(principal, permission, fqn);
    return { fqn, principal };
  };
  app.post(BASE, async (req, reply) => {
    const { fqn, principal } = await target(req, 'SET_POLICY');
    const rotate = (req.query as Record<string, string | undefined>).rotate === 'true';
    const { result } = await deps.store.write(principal.subject, (tx) => issueClusterKey(tx, fqn, { replace: rotate }));
    if (rotate) await onRevoked(fqn);
    return reply.code(201).send({ clusterFqn: fqn, keyId: result.kid, jwk: result });
  });
  app.get(BASE, async (req) => {
    const { fqn } = await target(req, 'READ');
    const keys = await listClusterKeys(deps.store.reader, fqn);
    return { clusterFqn: fqn, credentials: keys.map((k) => ({ keyId: k.kid, createdAt: k.createdAt })) };
  });
  const revoke = async (req: FastifyRequest) => {
    const { fqn, principal } = await target(req, 'SET_POLICY');
    const id = (req.params as Params).id;
    const { result } = await deps.store.write(principal.subject, (tx) => revokeClusterKeys(tx, fqn, id === undefined ? undefined : `${fqn}#${id}`));
    await onRevoked(fqn);
    return { revoked: result };
  };
  app.delete(BASE, revoke);
  app.delete(`${BASE}/:id`, revoke);
}
