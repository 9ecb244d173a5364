import type { Store } from '../../store/index.js';
import type { Auth, KindHook, Principal, Rbac } from '../contracts.js';
import { Accounts } from './accounts.js';
import { Authenticator, passwordSecret, type AuthLog } from './authenticator.js';
import { bootstrapAdmin } from './bootstrap.js';
import { checkLoginName } from './login-names.js';
import type { LoginLimiter } from './login-limiter.js';
import type { ScryptParams } from './password.js';
import { serviceAccountHook } from './service-account-keys.js';
import { TokenIssuer } from './token-issuer.js';
import { removeSubjectEverywhere } from '../rbac/index.js';

/** What AuthService needs. */
export interface AuthServiceOptions {
  readonly store: Store;
  readonly organization: string;
  readonly rbac: Rbac;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly limiter?: LoginLimiter;
  readonly scrypt?: ScryptParams;
  readonly log?: AuthLog;
}

/** A team's members as a set of FQNs (anything else in the array counted by its JSON text). */
function memberSet(spec: Readonly<Record<string, unknown>> | undefined): Set<string> {
  const m = spec?.members;
  return new Set(Array.isArray(m) ? m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : []);
}

/** True when a write changes who is in the team (order does not matter). */
export function membersChanged(before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>>): boolean {
  const a = memberSet(before);
  const b = memberSet(after);
  return a.size !== b.size || [...b].some((x) => !a.has(x));
}

/** The management plane's Auth: password and token authentication, account operations, kind hooks. */
export class AuthService implements Auth {
  readonly authenticator: Authenticator;
  readonly hooks: readonly KindHook[];
  /** Login, passwords, the signing key and service-account keys (routes in src/server/http). */
  readonly accounts: Accounts;

  constructor(private readonly opts: AuthServiceOptions) {
    this.authenticator = new Authenticator(
      opts.store,
      opts.organization,
      new TokenIssuer(opts.store, opts.accessTtlSeconds, opts.refreshTtlSeconds),
      opts.limiter,
      opts.scrypt,
      opts.log,
    );
    const authn = this.authenticator;
    // A principal re-created under a deleted one's name must start with nothing: no password, no
    // keys, no bindings, no team memberships.
    const userHook: KindHook = {
      kind: 'User',
      async beforeWrite(tx, p, before, after) {
        // A renamed login must stop working at once, not when the credential caches expire.
        if (await checkLoginName(tx, opts.rbac, p, before, after)) authn.forget(after.fqn);
      },
      async afterDelete(tx, fqn) {
        await tx.deleteSecret(passwordSecret(fqn));
        await removeSubjectEverywhere(tx, fqn);
        authn.forget(fqn);
      },
    };
    const sa = serviceAccountHook();
    const saHook: KindHook = {
      ...sa,
      async afterDelete(tx, fqn) {
        await sa.afterDelete?.(tx, fqn);
        await removeSubjectEverywhere(tx, fqn);
        authn.forget(fqn);
      },
    };
    const rbac = opts.rbac;
    const teamHook: KindHook = {
      kind: 'Team',
      // Membership is a grant (whatever the team holds, its members hold), so as in TSB changing
      // who is in a team needs SET_POLICY on it, not just WRITE: an editor must not join a team
      // that holds rbac/admin somewhere.
      async beforeWrite(_tx, p, before, after) {
        if (membersChanged(before?.spec, after.spec)) await rbac.require(p, 'SET_POLICY', after.fqn);
      },
      async afterDelete(tx, fqn) {
        await removeSubjectEverywhere(tx, fqn);
      },
    };
    this.hooks = [userHook, saHook, teamHook];
    this.accounts = new Accounts({ store: opts.store, rbac: opts.rbac, authn, organization: opts.organization });
  }

  onRevoke(listener: (subject: string | null) => void): () => void {
    return this.authenticator.onRevoke(listener);
  }

  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>, ip: string): Promise<Principal> {
    return this.authenticator.authenticate(headers, ip);
  }

  bootstrapAdmin(organization: string, password?: string): Promise<{ created: boolean; password?: string }> {
    return bootstrapAdmin(this.opts.store, organization, password, this.authenticator.scrypt);
  }
}
