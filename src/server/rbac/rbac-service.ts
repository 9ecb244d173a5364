import { CoreErrors, MeshError } from '../../api/index.js';
import type { StoredResource, Store } from '../../store/index.js';
import type { Permission, Principal, Rbac } from '../contracts.js';
import { GrantCache } from './grant-cache.js';
import { AccessPolicies } from './access-bindings.js';

/** The NotFound every part answers for a missing resource and for one the caller may not read. */
export function notFoundError(fqn: string): MeshError {
  return new MeshError(CoreErrors.NotFound, `${fqn} not found`, { details: { fqn } });
}

/** The Forbidden naming the missing permission and the FQN it was needed on. */
export function forbiddenError(permission: Permission, fqn: string): MeshError {
  const where = fqn === '' ? 'the root (organizations are created when the server first starts)' : fqn;
  return new MeshError(CoreErrors.Forbidden, `permission ${permission} on ${where} is missing`, { details: { permission, fqn } });
}

/**
 * TSB-style RBAC over the store's AccessBindings: a principal's permissions on an FQN are the
 * union of the roles bound to it, or to a team containing it, on that FQN and every ancestor.
 */
export class RbacService implements Rbac {
  private readonly cache: GrantCache;
  private readonly unsubscribe: () => void;
  /** Reading and replacing access bindings (routes in src/server/http). */
  readonly policies: AccessPolicies;

  constructor(store: Store) {
    this.cache = new GrantCache(store.reader);
    this.policies = new AccessPolicies({ store, rbac: this });
    // Any committed write (here or, on PostgreSQL, by another replica) may change grants or teams.
    this.unsubscribe = store.subscribe(() => this.cache.invalidate());
  }

  /** Drops cached grants now (after a write whose notification may arrive later). */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** Stops listening to the store. */
  close(): void {
    this.unsubscribe();
  }

  /** The effective permissions of `p` on `fqn`. */
  async permissions(p: Principal, fqn: string): Promise<ReadonlySet<Permission>> {
    return this.cache.permissions(p, fqn);
  }

  async can(p: Principal, permission: Permission, fqn: string): Promise<boolean> {
    // Cluster credentials belong to the agent stream; over REST they may at most read.
    if (p.kind === 'cluster' && permission !== 'READ') return false;
    return (await this.cache.permissions(p, fqn)).has(permission);
  }

  async require(p: Principal, permission: Permission, fqn: string): Promise<void> {
    if (await this.can(p, permission, fqn)) return;
    if (fqn === '') throw forbiddenError(permission, fqn);
    if (permission !== 'READ' && (await this.can(p, 'READ', fqn))) throw forbiddenError(permission, fqn);
    throw notFoundError(fqn);
  }

  async readable(p: Principal, resources: readonly StoredResource[]): Promise<StoredResource[]> {
    const ok = await Promise.all(resources.map((r) => this.can(p, 'READ', r.fqn)));
    return resources.filter((_, i) => ok[i]);
  }
}
