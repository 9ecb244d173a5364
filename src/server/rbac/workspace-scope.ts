// The namespaces a caller sees through workspaces: fleet views (sidecar health, workload trust) show
// a workspace reader only the pods of the namespaces its readable workspaces select.
import { CoreErrors, MeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import type { Principal, Rbac } from '../contracts.js';

/** The namespace names a Workspace spec selects (`namespaceSelector.names`, as written). */
export function workspaceSelector(spec: Readonly<Record<string, unknown>>): string[] {
  const sel = spec.namespaceSelector as { names?: unknown } | undefined;
  return Array.isArray(sel?.names) ? sel.names.filter((n): n is string => typeof n === 'string') : [];
}

/**
 * Selectors of the workspaces `p` may read in `org`; with `workspace` (`tenants/t/workspaces/w`),
 * of that one only (READ on it required; a missing one is NotFound naming the field).
 */
export async function readableWorkspaceSelectors(
  store: Store,
  rbac: Pick<Rbac, 'require' | 'readable'>,
  p: Principal,
  org: string,
  workspace?: string,
): Promise<string[]> {
  if (workspace) {
    const fqn = `organizations/${org}/${workspace}`;
    await rbac.require(p, 'READ', fqn);
    const ws = await store.reader.get(fqn);
    if (!ws || ws.kind !== 'Workspace') throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { field: 'workspace' });
    return workspaceSelector(ws.spec);
  }
  const all = (await store.reader.listByKind('Workspace')).filter((w) => w.fqn.startsWith(`organizations/${org}/`));
  return (await rbac.readable(p, all)).flatMap((w) => workspaceSelector(w.spec));
}
