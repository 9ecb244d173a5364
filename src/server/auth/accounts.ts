import { CoreErrors, MeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import type { Principal, Rbac } from '../contracts.js';
import { loginName, passwordSecret, type Authenticator } from './authenticator.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import {
  addServiceAccountKey,
  listServiceAccountKeys,
  revokeServiceAccountKey,
  rotateServiceAccountKeys,
  type IssuedServiceAccountKey,
  type KeyAlgorithm,
  type ServiceAccountPublicKey,
} from './service-account-keys.js';
import { passwordVersion, type TokenPair } from './token-issuer.js';

interface Deps {
  readonly store: Store;
  readonly rbac: Rbac;
  readonly authn: Authenticator;
  readonly organization: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringField(body: Record<string, unknown>, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) {
    throw new MeshError(CoreErrors.InvalidInput, `${name}: expected a non-empty string of at most ${max} characters`, { field: name });
  }
  return v;
}

function objectBody(body: unknown, shape: string): Record<string, unknown> {
  if (!isObject(body)) throw new MeshError(CoreErrors.InvalidInput, `body: expected a JSON object ${shape}`, { field: 'body' });
  return body;
}

async function login(deps: Deps, input: unknown, ip: string): Promise<TokenPair> {
  const body = objectBody(input, '{"username","password"}');
  const username = stringField(body, 'username', 256);
  const password = stringField(body, 'password', 1024);
  if (body.organization !== undefined && body.organization !== '' && body.organization !== deps.organization) {
    throw new MeshError(
      CoreErrors.Unauthenticated,
      `organization ${JSON.stringify(body.organization)} is not served here; this server's organization is ${deps.organization}`,
      { field: 'organization' },
    );
  }
  const v = await deps.authn.verifyLogin(username, password, ip);
  deps.authn.log.info({ event: 'login', subject: v.user.fqn, ip }, 'login');
  return deps.authn.tokens.issue({
    sub: v.user.fqn,
    org: deps.organization,
    name: v.principal.username,
    passwordHash: v.passwordHash,
    createdAt: v.user.createdAt,
  });
}

async function refresh(deps: Deps, input: unknown): Promise<TokenPair> {
  const body = objectBody(input, '{"refreshToken"}');
  const claims = await deps.authn.tokens.verify(stringField(body, 'refreshToken', 8192), 'refresh');
  const user = await deps.authn.tokenUser(claims);
  const hash = await deps.store.reader.getSecret(passwordSecret(user.fqn));
  // A password change since the token was issued revokes it: whoever held it must log in again.
  if (hash === undefined || passwordVersion(hash) !== claims.pv) {
    throw new MeshError(CoreErrors.Unauthenticated, `the refresh token of ${user.fqn} was revoked by a password change; log in again`);
  }
  return deps.authn.tokens.issue({ sub: user.fqn, org: claims.org, name: loginName(user), passwordHash: hash, createdAt: user.createdAt });
}

async function setPassword(deps: Deps, p: Principal, fqn: string, input: unknown, ip: string): Promise<void> {
  const body = objectBody(input, '{"password","currentPassword"?}');
  if (p.subject === fqn) {
    // Changing one's own password needs the current one, so a stolen token cannot take the account.
    const current = typeof body.currentPassword === 'string' ? body.currentPassword : undefined;
    const hash = await deps.store.reader.getSecret(passwordSecret(fqn));
    deps.authn.limiter.check(p.username, ip);
    if (current === undefined || hash === undefined || !(await verifyPassword(current, hash))) {
      deps.authn.limiter.fail(p.username, ip);
      throw new MeshError(CoreErrors.InvalidInput, 'currentPassword: missing or wrong; changing your own password needs the current one', {
        field: 'currentPassword',
      });
    }
  } else {
    // Someone else's password is their identity, and so every grant they hold: WRITE on the user
    // is inherited by editors and writers of the organization, so it needs SET_POLICY (admins only).
    await deps.rbac.require(p, 'SET_POLICY', fqn);
  }
  const target = await deps.store.reader.get(fqn);
  if (!target || target.kind !== 'User') throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
  const problem = passwordProblem(body.password);
  if (problem) throw new MeshError(CoreErrors.InvalidInput, `password: ${problem}`, { field: 'password' });
  const hash = await hashPassword(body.password as string, deps.authn.scrypt);
  await deps.store.write(p.subject, (tx) => tx.putSecret(passwordSecret(fqn), hash));
  deps.authn.forget(fqn);
  deps.authn.log.info({ event: 'password-changed', subject: fqn, by: p.subject }, 'password changed');
}

async function serviceAccount(deps: Deps, p: Principal, fqn: string, permission: 'READ' | 'WRITE' | 'SET_POLICY'): Promise<{ fqn: string; actor: string }> {
  const res = await deps.store.reader.get(fqn);
  if (!res || res.kind !== 'ServiceAccount') throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
  await deps.rbac.require(p, permission, fqn);
  return { fqn, actor: p.subject };
}

function algorithmOf(body: unknown): { algorithm: KeyAlgorithm; rotate: boolean } {
  const b = body === undefined || body === null ? {} : objectBody(body, '{"algorithm"?: "RS256"|"ES256", "rotate"?: boolean}');
  if (b.algorithm !== undefined && b.algorithm !== 'RS256' && b.algorithm !== 'ES256') {
    throw new MeshError(CoreErrors.InvalidInput, `algorithm: expected "RS256" or "ES256", got ${JSON.stringify(b.algorithm)}`, { field: 'algorithm' });
  }
  if (b.rotate !== undefined && typeof b.rotate !== 'boolean')
    throw new MeshError(CoreErrors.InvalidInput, 'rotate: expected true or false', { field: 'rotate' });
  return { algorithm: (b.algorithm as KeyAlgorithm | undefined) ?? 'RS256', rotate: b.rotate === true };
}

/** A service account's public key as listed (never the private half). */
export type ListedKey = Pick<ServiceAccountPublicKey, 'id' | 'algorithm' | 'publicKey' | 'createdAt'>;

/**
 * The account operations behind docs/api.md's "Authentication" routes, without HTTP (the routes
 * are in src/server/http/auth-routes.ts): login and refresh, passwords, the signing key, and
 * service-account keys. Each takes the authenticated caller where one is needed.
 */
export class Accounts {
  constructor(private readonly deps: Deps) {}

  /** Username + password → tokens (with the failed-login brake). */
  login(body: unknown, ip: string): Promise<TokenPair> {
    return login(this.deps, body, ip);
  }

  /** A refresh token → new tokens, unless a password change revoked it. */
  refresh(body: unknown): Promise<TokenPair> {
    return refresh(this.deps, body);
  }

  /** Sets the password of the user `userFqn` (one's own needs the current one; another's SET_POLICY). */
  setPassword(p: Principal, userFqn: string, body: unknown, ip: string): Promise<void> {
    return setPassword(this.deps, p, userFqn, body, ip);
  }

  /** Logs everybody out (e.g. after a leak): only an organization admin, who alone holds SET_POLICY there. */
  async rotateSigningKey(p: Principal): Promise<{ keyId: string }> {
    const deps = this.deps;
    await deps.rbac.require(p, 'SET_POLICY', `organizations/${deps.organization}`);
    const keyId = await deps.authn.tokens.rotate(p.subject);
    deps.authn.forgetAll();
    deps.authn.log.warn({ event: 'signing-key-rotated', by: p.subject, keyId }, 'token signing key rotated: every issued token is void');
    return { keyId };
  }

  /** The public keys of a service account (READ). */
  async listKeys(p: Principal, saFqn: string): Promise<{ keys: ListedKey[] }> {
    const { fqn } = await serviceAccount(this.deps, p, saFqn, 'READ');
    return {
      keys: (await listServiceAccountKeys(this.deps.store.reader, fqn)).map(({ id, algorithm, publicKey, createdAt }) => ({
        id,
        algorithm,
        publicKey,
        createdAt,
      })),
    };
  }

  /**
   * Issues a key (or, with `rotate`, replaces every key). A new key is a way to act as the account,
   * with every grant it holds: like a password, it needs SET_POLICY (admins), not the WRITE an
   * organization editor inherits.
   */
  async addKey(p: Principal, saFqn: string, body: unknown): Promise<{ keys: IssuedServiceAccountKey[] }> {
    const deps = this.deps;
    const { fqn, actor } = await serviceAccount(deps, p, saFqn, 'SET_POLICY');
    const { algorithm, rotate } = algorithmOf(body);
    const { result } = await deps.store.write(actor, (tx) =>
      rotate ? rotateServiceAccountKeys(tx, fqn, algorithm) : addServiceAccountKey(tx, fqn, algorithm),
    );
    if (rotate) deps.authn.forget(fqn);
    deps.authn.log.info({ event: rotate ? 'sa-keys-rotated' : 'sa-key-added', subject: fqn, keyId: result.id, by: actor }, 'service-account key issued');
    return { keys: [result] };
  }

  /**
   * Revokes one key. SET_POLICY, like issuing: revoking cuts the account's holder off (an
   * organization editor inherits WRITE on every service account and could stop CI), as revoking a
   * cluster's credential cuts its agent off.
   */
  async revokeKey(p: Principal, saFqn: string, id: string): Promise<{ revoked: string }> {
    const deps = this.deps;
    const { fqn, actor } = await serviceAccount(deps, p, saFqn, 'SET_POLICY');
    await deps.store.write(actor, (tx) => revokeServiceAccountKey(tx, fqn, id));
    deps.authn.forget(fqn);
    deps.authn.log.info({ event: 'sa-key-revoked', subject: fqn, keyId: id, by: actor }, 'service-account key revoked');
    return { revoked: id };
  }
}
