import { MeshError, SecurityErrors } from '../../api/index.js';
import type { Principal, Rbac } from '../contracts.js';
import type { ResourceInput, WriteTx } from '../../store/index.js';

type UserLike = Pick<ResourceInput, 'name' | 'spec'>;

/** The name a user logs in with: spec.loginName, else the resource name. */
export function effectiveLoginName(user: UserLike): string {
  return typeof user.spec.loginName === 'string' && user.spec.loginName !== '' ? user.spec.loginName : user.name;
}

/**
 * The User write check: a login name is an identity (whoever holds it receives the account's
 * grants at the next login), so changing an existing user's needs SET_POLICY on the user, as
 * setting someone's password does; and login names are unique in the organization, compared
 * case-insensitively, so nobody can take over a name or shadow the admin. Runs in the write
 * transaction, so two concurrent creates cannot both take one name. Returns true when an existing
 * user's login name changes.
 */
export async function checkLoginName(tx: WriteTx, rbac: Rbac, p: Principal, before: UserLike | undefined, after: ResourceInput): Promise<boolean> {
  const wanted = effectiveLoginName(after);
  const renamed = before !== undefined && effectiveLoginName(before) !== wanted;
  if (renamed) await rbac.require(p, 'SET_POLICY', after.fqn);
  const folded = wanted.toLowerCase();
  const taken = (await tx.listChildren(after.parent, 'users')).find(
    (u) => u.kind === 'User' && u.fqn !== after.fqn && effectiveLoginName(u).toLowerCase() === folded,
  );
  if (!taken) return renamed;
  const visible = await rbac.can(p, 'READ', taken.fqn);
  throw new MeshError(
    SecurityErrors.LoginNameTaken,
    `spec.loginName: ${JSON.stringify(wanted)} is already the login name of ${visible ? taken.fqn : 'another user'} (login names are unique, ignoring case); choose another`,
    { field: 'spec.loginName', ...(visible ? { details: { fqn: taken.fqn } } : {}) },
  );
}
