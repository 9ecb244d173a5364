import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { CoreErrors, MeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';

/** Store secret holding the HS256 key every replica signs and verifies with. */
export const SIGNING_KEY_SECRET = 'auth/jwt-signing-key';
/** `iss` of the tokens this server issues; service-account tokens are told apart by its absence. */
export const ISSUER = 'meshbridge';

/** The claims of an access or refresh token. */
export interface TokenClaims {
  readonly sub: string;
  readonly org: string;
  readonly name: string;
  readonly typ: 'access' | 'refresh';
  /** Refresh tokens only: fingerprint of the password hash, so a password change revokes them. */
  readonly pv?: string;
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

  constructor(
    private readonly store: Store,
    private readonly accessTtl: number,
    private readonly refreshTtl: number,
  ) {}

  private signingKey(): Promise<SigningKey> {
    this.key ??= this.loadKey().catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
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
    return new SignJWT({ org: claims.org, name: claims.name, typ: claims.typ, ...(claims.pv ? { pv: claims.pv } : {}) })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
      .sign(key);
  }

  /** A fresh access + refresh token pair for a user. */
  async issue(user: { sub: string; org: string; name: string; passwordHash: string }): Promise<TokenPair> {
    const base = { sub: user.sub, org: user.org, name: user.name };
    const [accessToken, refreshToken] = await Promise.all([
      this.sign({ ...base, typ: 'access' }, this.accessTtl),
      this.sign({ ...base, typ: 'refresh', pv: passwordVersion(user.passwordHash) }, this.refreshTtl),
    ]);
    return { accessToken, refreshToken, expiresIn: this.accessTtl };
  }

  /** Verifies one of our tokens; TokenExpired when only the expiry is wrong, else Unauthenticated. */
  async verify(token: string, typ: TokenClaims['typ']): Promise<TokenClaims> {
    const { key } = await this.signingKey();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], clockTolerance: 5, requiredClaims: ['exp', 'sub'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new MeshError(CoreErrors.TokenExpired, `the ${typ} token expired; refresh it or log in again`, { cause: e });
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
    };
  }
}
