import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { CoreErrors, MeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';

/** Store secret holding the HS256 key every replica signs and verifies with. */
export const SIGNING_KEY_SECRET = 'auth/jwt-signing-key';
/** `iss` of the tokens this server issues; service-account tokens are told apart by its absence. */
export const ISSUER = 'meshbridge';
/** How long a replica trusts its copy of the signing key before re-reading it. */
const KEY_REFRESH_MS = 60_000;
/** Floor between reloads forced by unknown key ids, so forged kids cannot hammer the store. */
const KEY_FORCED_RELOAD_MS = 1_000;

/** The claims of an access or refresh token. */
export interface TokenClaims {
  readonly sub: string;
  readonly org: string;
  readonly name: string;
  readonly typ: 'access' | 'refresh';
  /** Refresh tokens only: fingerprint of the password hash, so a password change revokes them. */
  readonly pv?: string;
  /** Creation time of the user resource, so a deleted user's tokens do not work for a re-created namesake. */
  readonly uc?: string;
  readonly exp: number;
}

/** The login/refresh response (docs/api.md). */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}

interface SigningKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

/** A short fingerprint of a password hash: changes whenever the password does. */
export function passwordVersion(hash: string): string {
  return createHash('sha256').update(hash).digest('base64url').slice(0, 16);
}

/**
 * Issues and verifies the server's own JWTs. The key lives in the store's secrets (created on
 * first use, inside a transaction so concurrent replicas agree on one key), which lets several
 * replicas on one PostgreSQL accept each other's tokens.
 */
export class TokenIssuer {
  private key: Promise<SigningKey> | undefined;
  private loadedAt = 0;
  private forcedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly accessTtl: number,
    private readonly refreshTtl: number,
  ) {}

  /**
   * The current key, re-read from the store every KEY_REFRESH_MS (or on demand when a token names
   * a key id we do not hold), so a rotation by any replica reaches all of them.
   */
  private signingKey(force = false): Promise<SigningKey> {
    const now = Date.now();
    const forced = force && now - this.forcedAt > KEY_FORCED_RELOAD_MS;
    if (!this.key || now - this.loadedAt > KEY_REFRESH_MS || forced) {
      if (forced) this.forcedAt = now;
      this.loadedAt = now;
      const loading = this.loadKey();
      loading.catch(() => {
        if (this.key === loading) this.key = undefined;
      });
      this.key = loading;
    }
    return this.key;
  }

  /** Replaces the signing key: every token issued so far stops working on every replica. */
  async rotate(actor: string): Promise<string> {
    await this.store.write(actor, (tx) => tx.putSecret(SIGNING_KEY_SECRET, randomBytes(32).toString('base64url')));
    this.key = undefined;
    return this.keyId();
  }

  private async loadKey(): Promise<SigningKey> {
    let raw = await this.store.reader.getSecret(SIGNING_KEY_SECRET);
    if (raw === undefined) {
      const { result } = await this.store.write('system:auth', async (tx) => {
        const existing = await tx.getSecret(SIGNING_KEY_SECRET);
        if (existing !== undefined) return existing;
        const fresh = randomBytes(32).toString('base64url');
        await tx.putSecret(SIGNING_KEY_SECRET, fresh);
        return fresh;
      });
      raw = result;
    }
    const key = Buffer.from(raw, 'base64url');
    return { key, kid: createHash('sha256').update(key).digest('base64url').slice(0, 12) };
  }

  /** The key id of the signing key (so the authenticator can route a token without verifying it twice). */
  async keyId(): Promise<string> {
    return (await this.signingKey()).kid;
  }

  private async sign(claims: Omit<TokenClaims, 'exp'>, ttl: number): Promise<string> {
    const { key, kid } = await this.signingKey();
    return new SignJWT({
      org: claims.org,
      name: claims.name,
      typ: claims.typ,
      ...(claims.pv ? { pv: claims.pv } : {}),
      ...(claims.uc ? { uc: claims.uc } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
      .sign(key);
  }

  /** A fresh access + refresh token pair for a user. */
  async issue(user: { sub: string; org: string; name: string; passwordHash: string; createdAt?: string }): Promise<TokenPair> {
    const base = { sub: user.sub, org: user.org, name: user.name, ...(user.createdAt ? { uc: user.createdAt } : {}) };
    const [accessToken, refreshToken] = await Promise.all([
      this.sign({ ...base, typ: 'access' }, this.accessTtl),
      this.sign({ ...base, typ: 'refresh', pv: passwordVersion(user.passwordHash) }, this.refreshTtl),
    ]);
    return { accessToken, refreshToken, expiresIn: this.accessTtl };
  }

  /** Verifies one of our tokens; TokenExpired when only the expiry is wrong, else Unauthenticated. */
  async verify(token: string, typ: TokenClaims['typ']): Promise<TokenClaims> {
    let current = await this.signingKey();
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch (e) {
      throw new MeshError(CoreErrors.Unauthenticated, `the ${typ} token is not a JWT`, { cause: e });
    }
    if (kid !== current.kid) current = await this.signingKey(true);
    if (kid !== current.kid)
      throw new MeshError(CoreErrors.Unauthenticated, `the ${typ} token was signed with a key that is no longer in use (rotated); log in again`);
    const { key } = current;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], clockTolerance: 5, requiredClaims: ['exp', 'sub'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired)
        throw new MeshError(CoreErrors.TokenExpired, `the ${typ} token expired; refresh it or log in again`, { cause: e });
      throw new MeshError(CoreErrors.Unauthenticated, `the ${typ} token is not valid (${(e as Error).message})`, { cause: e });
    }
    if (payload.typ !== typ || typeof payload.org !== 'string' || typeof payload.name !== 'string') {
      throw new MeshError(CoreErrors.Unauthenticated, `the token is not an ${typ} token`);
    }
    return {
      sub: payload.sub as string,
      org: payload.org,
      name: payload.name,
      typ,
      exp: payload.exp as number,
      ...(typeof payload.pv === 'string' ? { pv: payload.pv } : {}),
      ...(typeof payload.uc === 'string' ? { uc: payload.uc } : {}),
    };
  }
}
