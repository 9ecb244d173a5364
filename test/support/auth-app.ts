// Test harness for auth/rbac unit tests: a Fastify app with the account and access-binding routes
// the server registers (src/server/http), behind its authentication pre-handler, with its error mapping.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/index.js';
import { createAccessControl, type AuthLog, type AuthService, type LoginLimiter } from '../../src/server/auth/index.js';
import type { RbacService } from '../../src/server/rbac/index.js';
import {
  CachedAuthenticator,
  authenticatedRoutes,
  registerAccessBindingRoutes,
  registerAccountRoutes,
  registerLoginRoutes,
  sendProblem,
} from '../../src/server/http/index.js';

/** Cheap scrypt cost so tests do not spend seconds hashing (the default cost has its own test). */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** A ready app over `store` with auth and rbac routes. */
export async function testApp(
  store: Store,
  opts: { accessTtlSeconds?: number; limiter?: LoginLimiter; log?: AuthLog } = {},
): Promise<{ app: FastifyInstance; auth: AuthService; rbac: RbacService }> {
  const { auth, rbac } = createAccessControl({ store, dataDir: '/nonexistent', organization: 'o', scrypt: FAST_SCRYPT, ...opts });
  const app = Fastify();
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  registerLoginRoutes(app, auth.accounts);
  // No credential cache: each request is verified (tests count attempts and revocations).
  const authn = new CachedAuthenticator(auth, 0);
  app.addHook('onClose', async () => authn.close());
  await authenticatedRoutes(app, authn, (api) => {
    registerAccountRoutes(api, auth.accounts);
    registerAccessBindingRoutes(api, rbac.policies);
  });
  await app.ready();
  return { app, auth, rbac };
}

/** `Authorization: Basic …` for a username and password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
