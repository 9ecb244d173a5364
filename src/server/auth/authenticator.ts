import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, type KeyLike } from 'jose';
import { CoreErrors, MeshError, NAME_PATTERN } from '../../api/index.js';
import type { StoredResource, Store } from '../../store/index.js';
import type { Principal } from '../contracts.js';
import { LoginLimiter } from './login-limiter.js';
import { LruCache } from './lru-cache.js';
import { DEFAULT_SCRYPT, verifyAgainstDummy, verifyPassword, type ScryptParams } from './password.js';
import { importPublicKey, verifyServiceAccountToken } from './service-account-keys.js';
import { ISSUER, type TokenClaims, type TokenIssuer } from './token-issuer.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** How long a verified credential is trusted without looking again (revocation lag per replica). */
const CACHE_MS = 10_000;
const CACHE_ENTRIES = 10_000;

/** Store secret holding a user's scrypt hash. */
export function passwordSecret(userFqn: string): string {
  return `password/${userFqn}`;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function unauthenticated(message: string): MeshError {
  return new MeshError(CoreErrors.Unauthenticated, message);
}

/** Where security events go (pino-compatible); secrets are never part of them. */
export interface AuthLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

const SILENT: AuthLog = { info: () => {}, warn: () => {} };

/** A verified user login: the resource and its current password hash. */
export interface VerifiedUser {
  readonly user: StoredResource;
  readonly passwordHash: string;
  readonly principal: Principal;
}

/** Credentials → Principal: Basic passwords, this server's JWTs and service accounts' own JWTs. */
export class Authenticator {
  readonly limiter: LoginLimiter;
  private readonly cache = new LruCache<Principal>(CACHE_ENTRIES);
  private readonly saKeys = new LruCache<Promise<KeyLike | Uint8Array>>(1000);

  constructor(
    private readonly store: Store,
    private readonly organization: string,
    readonly tokens: TokenIssuer,
    limiter?: LoginLimiter,
    /** scrypt cost for new hashes (and for the unknown-user dummy, so timing matches). */
    readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
    readonly log: AuthLog = SILENT,
  ) {
    this.limiter = limiter ?? new LoginLimiter();
  }

  /** See Auth.authenticate. */
  async authenticate(headers: Headers, ip: string): Promise<Principal> {
    const authz = header(headers, 'authorization')?.trim();
    const bearer = authz && /^bearer\s+/i.test(authz) ? authz.replace(/^bearer\s+/i, '').trim() : undefined;
    const token = bearer || header(headers, 'x-tetrate-token')?.trim();
    if (token) return this.fromToken(token);
    if (authz && /^basic\s+/i.test(authz)) return this.fromBasic(authz.replace(/^basic\s+/i, '').trim(), ip);
    throw unauthenticated('no credentials: send Authorization: Basic …, Authorization: Bearer <token> or x-tetrate-token: <token>');
  }

  private readonly revokeListeners = new Set<(subject: string | null) => void>();

  /** Calls `listener` whenever cached credentials are forgotten (`null` = all of them). */
  onRevoke(listener: (subject: string | null) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Forgets every cached credential (the signing key changed). */
  forgetAll(): void {
    this.cache.clear();
    for (const l of this.revokeListeners) l(null);
  }

  /** Forgets cached credentials of one subject (password changed, key revoked, user deleted). */
  forget(subject: string): void {
    this.cache.deleteWhere((p) => p.subject === subject);
    for (const l of this.revokeListeners) l(subject);
  }

  private async fromToken(token: string): Promise<Principal> {
    // Ordinary tokens key the cache as they are (hashing costs more than the lookup); oversized
    // ones by digest, so 10,000 entries stay within ~20 MiB whatever clients send.
    const cacheKey = token.length <= 2048 ? `t:${token}` : `d:${digest(token)}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    let kid: string | undefined;
    let iss: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
      iss = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('the bearer token is not a JWT');
    }
    let principal: Principal;
    let exp: number;
    // Routed by the (unverified) issuer: our tokens are then verified with our key, whatever the
    // kid says, so a token signed after another replica rotated the key is still recognised.
    if (iss === ISSUER) {
      const claims = await this.tokens.verify(token, 'access');
      principal = await this.userPrincipal(claims);
      exp = claims.exp;
    } else {
      principal = await verifyServiceAccountToken(this.store.reader, token, kid, (k) => this.importSaKey(k));
      exp = decodeJwt(token).exp as number;
    }
    this.cache.set(cacheKey, principal, Math.min(Date.now() + CACHE_MS, exp * 1000));
    return principal;
  }

  private importSaKey(k: Parameters<typeof importPublicKey>[0]): Promise<KeyLike | Uint8Array> {
    let hit = this.saKeys.get(k.id);
    if (!hit) {
      hit = importPublicKey(k);
      this.saKeys.set(k.id, hit, Infinity);
    }
    return hit;
  }

  /** The principal of a token's user, who must still exist (deleting a user revokes its tokens). */
  async userPrincipal(claims: Pick<TokenClaims, 'sub' | 'org' | 'name' | 'uc'>): Promise<Principal> {
    const user = await this.tokenUser(claims);
    return { subject: user.fqn, kind: 'user', organization: claims.org, username: loginName(user) };
  }

  /** The user a token was issued to: still there, and the same one (not a re-created namesake). */
  async tokenUser(claims: Pick<TokenClaims, 'sub' | 'uc'>): Promise<StoredResource> {
    const user = await this.store.reader.get(claims.sub);
    if (!user || user.kind !== 'User' || (claims.uc !== undefined && claims.uc !== user.createdAt)) {
      throw unauthenticated(`user ${claims.sub} no longer exists (the token belonged to a deleted user)`);
    }
    return user;
  }

  private async fromBasic(encoded: string, ip: string): Promise<Principal> {
    const key = `b:${digest(encoded)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const text = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) throw unauthenticated('malformed Basic credentials: expected base64(username:password)');
    const { principal } = await this.verifyLogin(text.slice(0, colon), text.slice(colon + 1), ip);
    this.cache.set(key, principal, Date.now() + CACHE_MS);
    return principal;
  }

  /**
   * Checks a username/password pair under the failed-login brake. Unknown users cost the same
   * scrypt as known ones; both fail with the same message.
   */
  async verifyLogin(username: string, password: string, ip: string): Promise<VerifiedUser> {
    try {
      this.limiter.check(username, ip);
    } catch (e) {
      this.log.warn({ event: 'login-locked', username, ip }, 'login refused: too many failed attempts');
      throw e;
    }
    const user = await this.findUser(username);
    const hash = user ? await this.store.reader.getSecret(passwordSecret(user.fqn)) : undefined;
    const ok = user && hash !== undefined ? await verifyPassword(password, hash) : await verifyAgainstDummy(password, this.scrypt);
    if (!ok || !user || hash === undefined) {
      this.limiter.fail(username, ip);
      this.log.warn({ event: 'login-failed', username, ip, knownUser: user !== undefined }, 'login failed');
      throw unauthenticated(`invalid username or password for ${JSON.stringify(username)} in organization ${this.organization}`);
    }
    this.limiter.succeed(username, ip);
    const principal: Principal = { subject: user.fqn, kind: 'user', organization: this.organization, username: loginName(user) };
    return { user, passwordHash: hash, principal };
  }

  /** A user of the server's organization by login name (spec.loginName, else the resource name). */
  async findUser(login: string): Promise<StoredResource | undefined> {
    const org = `organizations/${this.organization}`;
    if (NAME_PATTERN.test(login)) {
      const direct = await this.store.reader.get(`${org}/users/${login}`);
      if (direct?.kind === 'User' && (direct.spec.loginName === undefined || direct.spec.loginName === login)) return direct;
    }
    return (await this.store.reader.listChildren(org, 'users')).find((u) => u.kind === 'User' && u.spec.loginName === login);
  }
}

/** The login name shown for a user. */
export function loginName(user: StoredResource): string {
  return typeof user.spec.loginName === 'string' && user.spec.loginName !== '' ? user.spec.loginName : user.name;
}
