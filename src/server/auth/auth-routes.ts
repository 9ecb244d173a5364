import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreErrors, MeshError, isMeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import type { Principal, Rbac } from '../contracts.js';
import { loginName, passwordSecret, type Authenticator } from './authenticator.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { addServiceAccountKey, listServiceAccountKeys, revokeServiceAccountKey, rotateServiceAccountKeys, type KeyAlgorithm } from './service-account-keys.js';
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

/** Runs `fn`, copying a TooManyAttempts' retryAfter into the Retry-After header on the way out. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isMeshError(e, CoreErrors.TooManyAttempts) && typeof e.details?.retryAfter === 'number') reply.header('retry-after', String(e.details.retryAfter));
    throw e;
  }
}

async function login(deps: Deps, req: FastifyRequest, reply: FastifyReply): Promise<TokenPair> {
  const body = objectBody(req.body, '{"username","password"}');
  const username = stringField(body, 'username', 256);
  const password = stringField(body, 'password', 1024);
  if (body.organization !== undefined && body.organization !== '' && body.organization !== deps.organization) {
    throw new MeshError(CoreErrors.Unauthenticated, `organization ${JSON.stringify(body.organization)} is not served here; this server's organization is ${deps.organization}`, { field: 'organization' });
  }
  const v = await withRetryAfter(reply, () => deps.authn.verifyLogin(username, password, req.ip));
  deps.authn.log.info({ event: 'login', subject: v.user.fqn, ip: req.ip }, 'login');
  return deps.authn.tokens.issue({ sub: v.user.fqn, org: deps.organization, name: v.principal.username, passwordHash: v.passwordHash, createdAt: v.user.createdAt });
}

async function refresh(deps: Deps, req: FastifyRequest): Promise<TokenPair> {
  const body = objectBody(req.body, '{"refreshToken"}');
  const claims = await deps.authn.tokens.verify(stringField(body, 'refreshToken', 8192), 'refresh');
  const user = await deps.authn.tokenUser(claims);
  const hash = await deps.store.reader.getSecret(passwordSecret(user.fqn));
  // A password change since the token was issued revokes it: whoever held it must log in again.
  if (hash === undefined || passwordVersion(hash) !== claims.pv) {
    throw new MeshError(CoreErrors.Unauthenticated, `the refresh token of ${user.fqn} was revoked by a password change; log in again`);
  }
  return deps.authn.tokens.issue({ sub: user.fqn, org: claims.org, name: loginName(user), passwordHash: hash, createdAt: user.createdAt });
}

async function setPassword(deps: Deps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const p = await deps.authn.authenticate(req.headers, req.ip);
  const { org, user } = req.params as { org: string; user: string };
  const fqn = `organizations/${org}/users/${user}`;
  const body = objectBody(req.body, '{"password","currentPassword"?}');
  if (p.subject === fqn) {
    // Changing one's own password needs the current one, so a stolen token cannot take the account.
    const current = typeof body.currentPassword === 'string' ? body.currentPassword : undefined;
    const hash = await deps.store.reader.getSecret(passwordSecret(fqn));
    await withRetryAfter(reply, async () => deps.authn.limiter.check(p.username, req.ip));
    if (current === undefined || hash === undefined || !(await verifyPassword(current, hash))) {
      deps.authn.limiter.fail(p.username, req.ip);
      throw new MeshError(CoreErrors.InvalidInput, 'currentPassword: missing or wrong; changing your own password needs the current one', { field: 'currentPassword' });
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
  await reply.code(204).send();
}

function whoami(p: Principal): Record<string, string> {
  return { subject: p.subject, kind: p.kind, organization: p.organization, username: p.username };
}

async function serviceAccount(deps: Deps, req: FastifyRequest, permission: 'READ' | 'WRITE' | 'SET_POLICY'): Promise<{ fqn: string; actor: string }> {
  const p = await deps.authn.authenticate(req.headers, req.ip);
  const { org, sa } = req.params as { org: string; sa: string };
  const fqn = `organizations/${org}/serviceaccounts/${sa}`;
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
  if (b.rotate !== undefined && typeof b.rotate !== 'boolean') throw new MeshError(CoreErrors.InvalidInput, 'rotate: expected true or false', { field: 'rotate' });
  return { algorithm: (b.algorithm as KeyAlgorithm | undefined) ?? 'RS256', rotate: b.rotate === true };
}

/** Registers the authentication routes (docs/api.md, "Authentication"). */
export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  app.post('/v2/auth/login', async (req, reply) => login(deps, req, reply));
  app.post('/v2/auth/refresh', async (req) => refresh(deps, req));
  app.get('/v2/whoami', async (req) => whoami(await deps.authn.authenticate(req.headers, req.ip)));
  app.put('/v2/organizations/:org/users/:user/password', async (req, reply) => setPassword(deps, req, reply));
  // Logs everybody out (e.g. after a leak): only an organization admin, who alone holds SET_POLICY there.
  app.post('/v2/auth/signing-key/rotate', async (req) => {
    const p = await deps.authn.authenticate(req.headers, req.ip);
    await deps.rbac.require(p, 'SET_POLICY', `organizations/${deps.organization}`);
    const keyId = await deps.authn.tokens.rotate(p.subject);
    deps.authn.forgetAll();
    deps.authn.log.warn({ event: 'signing-key-rotated', by: p.subject, keyId }, 'token signing key rotated: every issued token is void');
    return { keyId };
  });
  const keys = '/v2/organizations/:org/serviceaccounts/:sa/keys';
  app.get(keys, async (req) => {
    const { fqn } = await serviceAccount(deps, req, 'READ');
    return { keys: (await listServiceAccountKeys(deps.store.reader, fqn)).map(({ id, algorithm, publicKey, createdAt }) => ({ id, algorithm, publicKey, createdAt })) };
  });
  // A new key is a way to act as the account, with every grant it holds: like a password, it needs
  // SET_POLICY (admins), not the WRITE an organization editor inherits. Revoking only takes away.
  app.post(keys, async (req, reply) => {
    const { fqn, actor } = await serviceAccount(deps, req, 'SET_POLICY');
    const { algorithm, rotate } = algorithmOf(req.body);
    const { result } = await deps.store.write(actor, (tx) => (rotate ? rotateServiceAccountKeys(tx, fqn, algorithm) : addServiceAccountKey(tx, fqn, algorithm)));
    if (rotate) deps.authn.forget(fqn);
    deps.authn.log.info({ event: rotate ? 'sa-keys-rotated' : 'sa-key-added', subject: fqn, keyId: result.id, by: actor }, 'service-account key issued');
    await reply.code(201).send({ keys: [result] });
  });
  app.delete(`${keys}/:id`, async (req) => {
    const { fqn, actor } = await serviceAccount(deps, req, 'WRITE');
    const { id } = req.params as { id: string };
    await deps.store.write(actor, (tx) => revokeServiceAccountKey(tx, fqn, id));
    deps.authn.forget(fqn);
    deps.authn.log.info({ event: 'sa-key-revoked', subject: fqn, keyId: id, by: actor }, 'service-account key revoked');
    return { revoked: id };
  });
}
