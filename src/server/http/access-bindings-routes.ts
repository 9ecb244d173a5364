import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseFqn } from '../../api/index.js';
import type { AccessPolicies } from '../rbac/index.js';
import { principalOf } from './principal.js';

/** Deepest FQN: organization / tenant / workspace / group / child. */
const MAX_DEPTH = 5;

function fqnOf(req: FastifyRequest): string {
  const params = req.params as Record<string, string>;
  const parts: string[] = [];
  for (let i = 0; params[`c${i}`] !== undefined; i++) parts.push(params[`c${i}`], params[`n${i}`]);
  return parseFqn(parts.join('/')).text;
}

/**
 * Registers GET/PUT /v2/{fqn}/accessbindings and GET /v2/{fqn}/permissions for every FQN depth
 * (find-my-way has no mid-path wildcard; these parametric routes win over the generic `/v2/*`),
 * and PUT /v2/accessbindings for TSB's per-level AccessBindings documents.
 */
export function registerAccessBindingRoutes(app: FastifyInstance, policies: AccessPolicies): void {
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const path = Array.from({ length: depth }, (_, i) => `:c${i}/:n${i}`).join('/');
    app.get(`/v2/${path}/accessbindings`, async (req) => policies.get(principalOf(req), fqnOf(req)));
    app.put(`/v2/${path}/accessbindings`, async (req) => policies.replace(principalOf(req), fqnOf(req), req.body, req.headers['if-match']));
    app.get(`/v2/${path}/permissions`, async (req) => policies.permissions(principalOf(req), fqnOf(req)));
  }
  app.put('/v2/accessbindings', async (req) => policies.apply(principalOf(req), req.body, req.headers['if-match']));
}
