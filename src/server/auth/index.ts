// Authentication of the management plane: credentials to a Principal, and the account operations (login, passwords, service-account keys).
import type { Store } from '../../store/index.js';
import type { Rbac } from '../contracts.js';
import { createRbac, type RbacService } from '../rbac/index.js';
import { AuthService } from './auth-service.js';
import type { LoginLimiter } from './login-limiter.js';
import type { ScryptParams } from './password.js';
import type { AuthLog } from './authenticator.js';

export { AuthService } from './auth-service.js';
export { LoginLimiter, type LoginLimiterOptions } from './login-limiter.js';
export { hashPassword, verifyPassword, generatePassword, DEFAULT_SCRYPT, type ScryptParams } from './password.js';
export { passwordSecret, type AuthLog } from './authenticator.js';
export { SIGNING_KEY_SECRET, type TokenPair } from './token-issuer.js';
export { Accounts, type ListedKey } from './accounts.js';
export {
  addServiceAccountKey,
  revokeServiceAccountKey,
  rotateServiceAccountKeys,
  listServiceAccountKeys,
  MAX_SA_TOKEN_SECONDS,
  type KeyAlgorithm,
  type IssuedServiceAccountKey,
  type ServiceAccountPublicKey,
} from './service-account-keys.js';

/** Options of createAuth; TTLs default to 15 minutes (access) and 24 hours (refresh). */
export interface CreateAuthOptions {
  readonly store: Store;
  /** The server's data directory (kept for parity with the other parts; auth keeps its state in the store). */
  readonly dataDir: string;
  /** The organization whose users log in with Basic credentials and /v2/auth/login. */
  readonly organization: string;
  readonly accessTtlSeconds?: number;
  readonly refreshTtlSeconds?: number;
  /** Rbac used by the password and key operations; a private one is made when omitted. */
  readonly rbac?: Rbac;
  /** scrypt cost of new password hashes (default N=32768, r=8, p=1); lower only for tests. */
  readonly scrypt?: ScryptParams;
  /** The failed-login brake (default: 5 free attempts, then 1 s doubling up to 15 min). */
  readonly limiter?: LoginLimiter;
  /** Security events (logins, failures, lockouts, password and key changes); pino fits. Silent when omitted. */
  readonly log?: AuthLog;
}

/** Creates the Auth of the management plane. */
export function createAuth(opts: CreateAuthOptions): AuthService {
  return new AuthService({
    store: opts.store,
    organization: opts.organization,
    rbac: opts.rbac ?? createRbac({ store: opts.store }),
    accessTtlSeconds: opts.accessTtlSeconds ?? 15 * 60,
    refreshTtlSeconds: opts.refreshTtlSeconds ?? 24 * 60 * 60,
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
    ...(opts.limiter ? { limiter: opts.limiter } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
}

/** Auth and Rbac wired to each other (one grant cache shared by both): the usual way to build them. */
export function createAccessControl(opts: Omit<CreateAuthOptions, 'rbac'>): { auth: AuthService; rbac: RbacService } {
  const rbac = createRbac({ store: opts.store });
  const auth = createAuth({ ...opts, rbac });
  return { auth, rbac };
}
