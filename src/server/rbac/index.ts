// Access control of the management plane: TSB roles and AccessBindings inherited down the FQN tree, and the operations that read and replace them.
import type { Store } from '../../store/index.js';
import { RbacService } from './rbac-service.js';

export { RbacService, notFoundError, forbiddenError } from './rbac-service.js';
export { BUILTIN_ROLES, ALL_PERMISSIONS, canonicalRole, rolePermissions } from './roles.js';
export { removeSubjectEverywhere } from './subject-cleanup.js';
export { AccessPolicies, type AccessBindingsBody } from './access-bindings.js';
export type { Binding } from './subjects.js';

/** Creates the Rbac of the management plane. */
export function createRbac(opts: { store: Store }): RbacService {
  return new RbacService(opts.store);
}
export { readableWorkspaceSelectors, workspaceSelector } from './workspace-scope.js';
