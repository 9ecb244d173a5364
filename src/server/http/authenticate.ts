import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Auth, Principal } from '../contracts.js';

interface Entry {
  readonly principal: Promise<Principal>;
  readonly until: number;
  subject?: string;
}

/**
 * Authenticates requests through `auth`, remembering verified credentials for a few seconds: a
 * password check (scrypt) or signature verification per request would dominate the read path.
 * Concurrent requests with the same credentials share one verification. Revocations this replica
 * makes (auth.onRevoke) drop entries at once; one made on another replica is seen within `ttlMs`.
 * Failures are never remembered.
 */
export class CachedAuthenticator {
  private readonly cache = new Map<string, Entry>();
  /** Stops listening to revocations. */
  readonly close: () => void;

  constructor(
    private readonly auth: Pick<Auth, 'authenticate' | 'onRevoke'>,
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10000,
    private readonly now: () => number = Date.now,
  ) {
    this.close = auth.onRevoke?.((subject) => this.revoke(subject)) ?? (() => undefined);
  }

  private revoke(subject: string | null): void {
    if (subject === null) return this.cache.clear();
    // Pending verifications may be of the revoked subject too: they are verified again.
    for (const [k, e] of this.cache) if (e.subject === subject || e.subject === undefined) this.cache.delete(k);
  }

  private key(headers: FastifyRequest['headers']): string | undefined {
    const a = headers.authorization;
    const t = headers['x-tetrate-token'];
    if (a === undefined && t === undefined) return undefined;
    return `${String(a)}\n${String(t)}`;
  }

  /** The caller of `req`; sets `req.principal`. */
  async authenticate(req: FastifyRequest): Promise<Principal> {
    const key = this.ttlMs > 0 ? this.key(req.headers) : undefined;
    if (key === undefined) return (req.principal = await this.auth.authenticate(req.headers, req.ip));
    const now = this.now();
    let hit = this.cache.get(key);
    if (!hit || hit.until <= now) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      const principal = this.auth.authenticate(req.headers, req.ip);
      const entry: Entry = { principal, until: now + this.ttlMs };
      hit = entry;
      this.cache.set(key, entry);
      principal.then(
        (p) => (entry.subject = p.subject),
        () => {
          if (this.cache.get(key) === entry) this.cache.delete(key);
        },
      );
    }
    return (req.principal = await hit.principal);
  }
}

/**
 * Registers `routes` behind the server's one authentication pre-handler: every request to them is
 * authenticated through `authn` (which sets `request.principal`) before its handler runs.
 */
export async function authenticatedRoutes(
  app: FastifyInstance,
  authn: Pick<CachedAuthenticator, 'authenticate'>,
  routes: (api: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (api) => {
    api.addHook('preHandler', async (req) => {
      await authn.authenticate(req);
    });
    routes(api);
  });
}
