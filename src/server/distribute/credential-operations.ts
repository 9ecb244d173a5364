import type { ClusterCredentialOperations, ServerDeps } from '../contracts.js';
import { issueClusterKey, listClusterKeys, revokeClusterKeys } from './credentials.js';

/**
 * Cluster credentials (TSB's cluster service account): issue returns the private JWK once
 * (`rotate` revokes the older keys in the same write), list gives key ids, revoke removes one key
 * or all; `onRevoked` cuts revoked agents off at once on this replica (others see the feed).
 * Issuing, rotating and revoking hand out or take away the cluster agent's identity (which
 * receives every tenant's configuration for the cluster and writes statuses): like service-account
 * keys they need SET_POLICY, which WRITE (writers, editors) does not carry.
 */
export function clusterCredentialOperations(deps: ServerDeps, onRevoked: (clusterFqn: string) => Promise<void>): ClusterCredentialOperations {
  return {
    async issue(principal, fqn, rotate) {
      await deps.rbac.require(principal, 'SET_POLICY', fqn);
      const { result } = await deps.store.write(principal.subject, (tx) => issueClusterKey(tx, fqn, { replace: rotate }));
      if (rotate) await onRevoked(fqn);
      return { clusterFqn: fqn, keyId: result.kid, jwk: result };
    },
    async list(principal, fqn) {
      await deps.rbac.require(principal, 'READ', fqn);
      const keys = await listClusterKeys(deps.store.reader, fqn);
      return { clusterFqn: fqn, credentials: keys.map((k) => ({ keyId: k.kid, createdAt: k.createdAt })) };
    },
    async revoke(principal, fqn, id) {
      await deps.rbac.require(principal, 'SET_POLICY', fqn);
      const { result } = await deps.store.write(principal.subject, (tx) => revokeClusterKeys(tx, fqn, id === undefined ? undefined : `${fqn}#${id}`));
      await onRevoked(fqn);
      return { revoked: result };
    },
  };
}
