import type { FastifyRequest } from 'fastify';
import type { Auth, Principal } from '../contracts.js';

/**
 * Authenticates requests through `auth`, remembering verified credentials for a few seconds: a
 * password check (scrypt) or signature verification per request would dominate the read path.
 * A revoked credential therefore stays usable for at most `ttlMs`.
 */
export class CachedAuthenticator {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly auth: Pick<Auth, 'authenticate'>,
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10000,
  ) {}

  private key(headers: FastifyRequest['headers']): string | undefined {
    const a = headers.authorization;
    const t = headers['x-tetrate-token'];
    if (a === undefined && t === undefined) return undefined;
    return `${String(a)}\n${String(t)}`;
  }

  /** The caller of `req`; sets `req.principal`. */
  async authenticate(req: FastifyRequest): Promise<Principal> {
    const key = this.key(req.headers);
    const now = Date.now();
    const hit = key === undefined ? undefined : this.cache.get(key);
    if (hit && hit.until > now) {
      req.principal = hit.principal;
      return hit.principal;
    }
    const principal = await this.auth.authenticate(req.headers, req.ip);
    if (key !== undefined) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(key, { principal, until: now + this.ttlMs });
    }
    req.principal = principal;
    return principal;
  }
}
