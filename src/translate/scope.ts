import { parentFqn } from '../api/index.js';
import type { ClusterInfo, ConfigResource } from './model.js';
import { selectorMatches, selectorTouchesCluster } from './selector.js';

/** A workspace's claim on namespaces. */
export interface WorkspaceScope {
  readonly fqn: string;
  readonly selector: readonly string[];
}

export type GroupType = 'gateway' | 'traffic' | 'security' | 'istiointernal';

/** A group's claim: a subset of its workspace's namespaces, and how its children are written. */
export interface GroupScope {
  readonly fqn: string;
  readonly name: string;
  readonly type: GroupType;
  readonly mode: 'BRIDGED' | 'DIRECT';
  readonly selector: readonly string[];
  readonly workspace: WorkspaceScope;
}

/** Everything translation needs, indexed once per configuration revision. */
export interface ConfigIndex {
  readonly workspaces: ReadonlyMap<string, WorkspaceScope>;
  readonly groups: ReadonlyMap<string, GroupScope>;
  /** Config objects that live under a group, sorted by FQN. */
  readonly leaves: readonly { readonly resource: ConfigResource; readonly group: GroupScope }[];
}

const GROUP_COLLECTIONS: Record<string, GroupType> = {
  gatewaygroups: 'gateway',
  trafficgroups: 'traffic',
  securitygroups: 'security',
  istiointernalgroups: 'istiointernal',
};

function names(spec: Readonly<Record<string, unknown>>): string[] {
  const sel = spec.namespaceSelector as { names?: unknown } | undefined;
  return Array.isArray(sel?.names) ? sel.names.filter((n): n is string => typeof n === 'string') : [];
}

/** The group type an FQN's last collection names, if it is a group. */
export function groupTypeOf(fqn: string): GroupType | undefined {
  const parts = fqn.split('/');
  return GROUP_COLLECTIONS[parts[parts.length - 2]];
}

/** Builds the index from every stored resource (order does not matter). */
export function buildIndex(resources: readonly ConfigResource[]): ConfigIndex {
  const workspaces = new Map<string, WorkspaceScope>();
  for (const r of resources) if (r.kind === 'Workspace') workspaces.set(r.fqn, { fqn: r.fqn, selector: names(r.spec) });
  const groups = new Map<string, GroupScope>();
  for (const r of resources) {
    const type = groupTypeOf(r.fqn);
    const workspace = workspaces.get(parentFqn(r.fqn));
    if (!type || !workspace) continue;
    const own = names(r.spec);
    const mode = r.spec.configMode === 'DIRECT' ? 'DIRECT' : 'BRIDGED';
    // A group without a selector covers its whole workspace, as in TSB.
    groups.set(r.fqn, { fqn: r.fqn, name: r.name, type, mode, selector: own.length > 0 ? own : workspace.selector, workspace });
  }
  const leaves: { resource: ConfigResource; group: GroupScope }[] = [];
  for (const r of resources) {
    const group = groups.get(parentFqn(r.fqn));
    if (group) leaves.push({ resource: r, group });
  }
  leaves.sort((a, b) => (a.resource.fqn < b.resource.fqn ? -1 : a.resource.fqn > b.resource.fqn ? 1 : 0));
  return { workspaces, groups, leaves };
}

/** Namespaces of `cluster` a workspace owns (present in the inventory), sorted. */
export function workspaceNamespaces(ws: WorkspaceScope, cluster: ClusterInfo): string[] {
  return cluster.namespaces.filter((ns) => selectorMatches(ws.selector, cluster.name, ns)).sort();
}

/** Namespaces of `cluster` a group selects: its own selector within its workspace's. */
export function groupNamespaces(group: GroupScope, cluster: ClusterInfo): string[] {
  return workspaceNamespaces(group.workspace, cluster).filter((ns) => selectorMatches(group.selector, cluster.name, ns));
}

/** True when the group selects `namespace` in `cluster`. */
export function groupSelects(group: GroupScope, cluster: ClusterInfo, namespace: string): boolean {
  return (
    cluster.namespaces.includes(namespace) &&
    selectorMatches(group.workspace.selector, cluster.name, namespace) &&
    selectorMatches(group.selector, cluster.name, namespace)
  );
}

/**
 * The workspace (or group) an FQN belongs to, for finding the clusters a change can affect:
 * returns the selectors that bound where anything at or below `fqn` can land.
 */
export function selectorsFor(index: ConfigIndex, fqn: string): readonly (readonly string[])[] {
  const out: (readonly string[])[] = [];
  for (const ws of index.workspaces.values()) {
    if (fqn === ws.fqn || fqn.startsWith(`${ws.fqn}/`) || ws.fqn.startsWith(`${fqn}/`)) out.push(ws.selector);
  }
  return out;
}

/** True when anything under `fqn` can land in `cluster` according to `index`. */
export function fqnTouchesCluster(index: ConfigIndex, fqn: string, cluster: string): boolean {
  return selectorsFor(index, fqn).some((sel) => selectorTouchesCluster(sel, cluster));
}
