import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/index.js';
import { principalOf } from './principal.js';

/** POST /v2/auth/login and /v2/auth/refresh: the routes that take credentials in the body, not a header. */
export function registerLoginRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.post('/v2/auth/login', async (req) => accounts.login(req.body, req.ip));
  app.post('/v2/auth/refresh', async (req) => accounts.refresh(req.body));
}

/**
 * The authenticated account routes (docs/api.md, "Authentication"): whoami, passwords, the token
 * signing key, service-account keys.
 */
export function registerAccountRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.get('/v2/whoami', async (req) => {
    const p = principalOf(req);
    return { subject: p.subject, kind: p.kind, organization: p.organization, username: p.username };
  });
  app.put('/v2/organizations/:org/users/:user/password', async (req, reply) => {
    const { org, user } = req.params as { org: string; user: string };
    await accounts.setPassword(principalOf(req), `organizations/${org}/users/${user}`, req.body, req.ip);
    await reply.code(204).send();
  });
  app.post('/v2/auth/signing-key/rotate', async (req) => accounts.rotateSigningKey(principalOf(req)));
  const keys = '/v2/organizations/:org/serviceaccounts/:sa/keys';
  const account = (params: unknown): string => {
    const { org, sa } = params as { org: string; sa: string };
    return `organizations/${org}/serviceaccounts/${sa}`;
  };
  app.get(keys, async (req) => accounts.listKeys(principalOf(req), account(req.params)));
  app.post(keys, async (req, reply) => reply.code(201).send(await accounts.addKey(principalOf(req), account(req.params), req.body)));
  app.delete(`${keys}/:id`, async (req) => accounts.revokeKey(principalOf(req), account(req.params), (req.params as { id: string }).id));
}
