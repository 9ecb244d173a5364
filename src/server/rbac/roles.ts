import { CoreErrors, MeshError } from '../../api/index.js';
import type { Permission } from '../contracts.js';

/** Every permission, in TSB's order. */
export const ALL_PERMISSIONS: readonly Permission[] = ['READ', 'WRITE', 'CREATE', 'DELETE', 'SET_POLICY', 'GET_POLICY'];

/**
 * TSB's built-in roles (reference/tsb.md §1.3). admin is everything; creator may create children
 * but not modify the object itself; no built-in role but admin may delete or touch policies.
 */
export const BUILTIN_ROLES: Readonly<Record<string, readonly Permission[]>> = {
  'rbac/admin': ALL_PERMISSIONS,
  'rbac/editor': ['READ', 'WRITE', 'CREATE'],
  'rbac/creator': ['READ', 'CREATE'],
  'rbac/writer': ['READ', 'WRITE'],
  'rbac/reader': ['READ'],
};

const ROLE_FQN = /^organizations\/([^/]+)\/roles\/([^/]+)$/;

/**
 * The canonical `rbac/<name>` spelling of a role reference. Accepts `rbac/admin` and the FQN form
 * `organizations/<org>/roles/admin` (gRPC/Terraform spelling); the FQN must name `organization`
 * when one is given. Throws RoleNotFound naming `field`.
 */
export function canonicalRole(role: unknown, field: string, organization?: string): string {
  if (typeof role === 'string') {
    const m = ROLE_FQN.exec(role);
    const canonical = m ? `rbac/${m[2]}` : role;
    const orgOk = !m || organization === undefined || m[1] === organization;
    if (orgOk && Object.hasOwn(BUILTIN_ROLES, canonical)) return canonical;
  }
  throw new MeshError(
    CoreErrors.RoleNotFound,
    `${field}: role ${JSON.stringify(role)} does not exist; use one of ${Object.keys(BUILTIN_ROLES).join(', ')}` +
      (organization ? ` (or organizations/${organization}/roles/<name>)` : ''),
    { field },
  );
}

/** The permissions a role grants; unknown roles (e.g. left in the store by a newer version) grant nothing. */
export function rolePermissions(role: string): readonly Permission[] {
  const m = ROLE_FQN.exec(role);
  const canonical = m ? `rbac/${m[2]}` : role;
  return Object.hasOwn(BUILTIN_ROLES, canonical) ? BUILTIN_ROLES[canonical] : [];
}
