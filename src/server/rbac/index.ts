// Public surface of src/server/rbac: TSB-style access control over the store's AccessBindings.
import type { Store } from '../../store/index.js';
import type { Auth } from '../contracts.js';
import { RbacService } from './rbac-service.js';

export { RbacService, notFoundError, forbiddenError } from './rbac-service.js';
export { BUILTIN_ROLES, ALL_PERMISSIONS, canonicalRole, rolePermissions } from './roles.js';
export { removeSubjectEverywhere } from './subject-cleanup.js';
export type { Authenticate, AccessBindingsBody } from './access-bindings-routes.js';
export type { Binding } from './subjects.js';

/**
 * Creates the Rbac of the management plane. `auth` is needed only by `register` (the
 * access-binding routes authenticate their caller); it can also be supplied later through
 * `useAuthenticator`.
 */
export function createRbac(opts: { store: Store; auth?: Pick<Auth, 'authenticate'> }): RbacService {
  const auth = opts.auth;
  return new RbacService(opts.store, auth ? (h, ip) => auth.authenticate(h, ip) : undefined);
}
