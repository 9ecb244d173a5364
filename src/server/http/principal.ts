import { CoreErrors, MeshError } from '../../api/index.js';
import type { Principal } from '../contracts.js';

/**
 * Every route except the public ones (health, metrics, version, OpenAPI, login, refresh) is
 * registered behind one authentication pre-handler (app.ts), which sets `request.principal`.
 */
declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated caller of a request on an authenticated route. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new MeshError(CoreErrors.Unauthenticated, 'this request carries no credentials');
  return req.principal;
}
