import type { FastifyRequest } from 'fastify';
import type { Auth, Principal } from '../contracts.js';

/**
 * Authenticates requests through `auth`, remembering verified credentials for a few seconds: a
 * password check (scrypt) or signature verification per request would dominate the read path.
 * Concurrent requests with the same credentials share one verification. A revoked credential
 * therefore stays usable for at most `ttlMs`; failures are never remembered.
 */
export class CachedAuthenticator {
  private readonly cache = new Map<string, { principal: Promise<Principal>; until: number }>();

  constructor(
    private readonly auth: Pick<Auth, 'authenticate'>,
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10000,
    private readonly now: () => number = Date.now,
  ) {}

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
      hit = { principal, until: now + this.ttlMs };
      this.cache.set(key, hit);
      const entry = hit;
      principal.catch(() => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      });
    }
    return (req.principal = await hit.principal);
  }
}
