import { checkName, isMeshError, CoreErrors } from '../../api/index.js';
import type { Store, WriteTx } from '../../store/index.js';
import { passwordSecret } from './authenticator.js';
import { generatePassword, hashPassword, type ScryptParams } from './password.js';

const API = 'api.tsb.tetrate.io/v2';

async function ensureOrganization(tx: WriteTx, org: string): Promise<void> {
  const fqn = `organizations/${org}`;
  if (await tx.get(fqn)) return;
  // Protected: deleting the organization would delete every user, admin included (force still works).
  await tx.put(
    { fqn, parent: '', apiVersion: API, kind: 'Organization', name: org, metadata: { name: org }, spec: { displayName: org, deletionProtectionEnabled: true } },
    null,
  );
}

async function ensureAdminBinding(tx: WriteTx, orgFqn: string, adminFqn: string): Promise<void> {
  const policy = await tx.getPolicy(orgFqn);
  const allow = policy?.allow ?? [];
  if (allow.some((b) => b.role === 'rbac/admin' && b.subjects.some((s) => s.user === adminFqn))) return;
  await tx.setPolicy(orgFqn, [...allow, { role: 'rbac/admin', subjects: [{ user: adminFqn }] }], policy?.etag);
}

/**
 * First start: the organization, its `admin` user with `password` (or a generated one, returned
 * once) and an rbac/admin binding on the organization. Later starts change nothing — in
 * particular an existing admin's password is never overwritten.
 */
export async function bootstrapAdmin(
  store: Store,
  org: string,
  password: string | undefined,
  scrypt: ScryptParams,
): Promise<{ created: boolean; password?: string }> {
  checkName(org, 'organization');
  const orgFqn = `organizations/${org}`;
  const adminFqn = `${orgFqn}/users/admin`;
  const existing = await store.reader.get(adminFqn);
  if (existing && (await store.reader.getSecret(passwordSecret(adminFqn))) !== undefined) return { created: false };
  const chosen = password ?? generatePassword();
  const hash = await hashPassword(chosen, scrypt);
  const attempt = () =>
    store.write('system:bootstrap', async (tx) => {
      await ensureOrganization(tx, org);
      const admin = await tx.get(adminFqn);
      if (admin && (await tx.getSecret(passwordSecret(adminFqn))) !== undefined) return false;
      if (!admin) {
        await tx.put(
          {
            fqn: adminFqn,
            parent: orgFqn,
            apiVersion: API,
            kind: 'User',
            name: 'admin',
            metadata: { name: 'admin', organization: org },
            spec: { loginName: 'admin', displayName: 'Administrator' },
          },
          null,
        );
      }
      await tx.putSecret(passwordSecret(adminFqn), hash);
      await ensureAdminBinding(tx, orgFqn, adminFqn);
      return true;
    });
  let created: boolean;
  try {
    created = (await attempt()).result;
  } catch (e) {
    // Two replicas starting together on one PostgreSQL: the loser sees AlreadyExists; retry once
    // and find everything in place.
    if (!isMeshError(e, CoreErrors.AlreadyExists)) throw e;
    created = (await attempt()).result;
  }
  return created ? { created: true, ...(password === undefined ? { password: chosen } : {}) } : { created: false };
}
