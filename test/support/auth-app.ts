// Test harness for auth/rbac unit tests: a Fastify app with both parts registered and MeshErrors
// mapped to problem+json the way the server maps them (one place, there; a copy here).
import Fastify, { type FastifyInstance } from 'fastify';
import { MeshError } from '../../src/api/index.js';
import type { Store } from '../../src/store/index.js';
import { createAccessControl, type AuthLog, type AuthService, type LoginLimiter } from '../../src/server/auth/index.js';
import type { RbacService } from '../../src/server/rbac/index.js';

/** Cheap scrypt cost so tests do not spend seconds hashing (the default cost has its own test). */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** A ready app over `store` with auth and rbac routes. */
export async function testApp(store: Store, opts: { accessTtlSeconds?: number; limiter?: LoginLimiter; log?: AuthLog } = {}): Promise<{ app: FastifyInstance; auth: AuthService; rbac: RbacService }> {
  const { auth, rbac } = createAccessControl({ store, dataDir: '/nonexistent', organization: 'o', scrypt: FAST_SCRYPT, ...opts });
  const app = Fastify();
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof MeshError) return reply.code(err.status).type('application/problem+json').send(err.toProblem());
    const e = err as { statusCode?: number; message?: string };
    return reply.code(e.statusCode ?? 500).send({ message: e.message });
  });
  await auth.register(app);
  await rbac.register(app);
  await app.ready();
  return { app, auth, rbac };
}

/** `Authorization: Basic …` for a username and password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
