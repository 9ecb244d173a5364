import { parentFqn } from '../api/index.js';
import type { ClusterInfo, ConfigResource } from './model.js';
import { selectorMatches, selectorTouchesCluster } from './selector.js';
import { type Hierarchy, defaultSource, effectiveSecurity, effectiveTraffic, levelOf } from './inherit.js';

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
  /** Groups whose namespaces this scope leaves out (a workspace's defaults skip its groups'). */
  readonly except?: readonly GroupScope[];
}

/** Everything translation needs, indexed once per configuration revision. */
export interface ConfigIndex {
  readonly workspaces: ReadonlyMap<string, WorkspaceScope>;
  readonly groups: ReadonlyMap<string, GroupScope>;
  /** Config objects that live under a group, sorted by FQN. */
  readonly leaves: readonly { readonly resource: ConfigResource; readonly group: GroupScope }[];
  /** Organization/Tenant/WorkspaceSetting by the FQN of the level they configure (smallest FQN wins). */
  readonly settings: ReadonlyMap<string, ConfigResource>;
  /** Cluster resources by name: what exists, and the trust domain a Cluster declares. */
  readonly clusters: ReadonlyMap<string, ConfigResource>;
  /** Profiles by FQN (profile.tsb.tetrate.io; profiles.ts). */
  readonly profiles: ReadonlyMap<string, ConfigResource>;
  /** Organization, Tenant and Workspace resources by FQN (the profiles they attach). */
  readonly levels: ReadonlyMap<string, ConfigResource>;
}

const SETTING_KINDS = new Set(['OrganizationSetting', 'TenantSetting', 'WorkspaceSetting']);
const LEVEL_KINDS = new Set(['Organization', 'Tenant', 'Workspace']);

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
  const settings = new Map<string, ConfigResource>();
  const clusters = new Map<string, ConfigResource>();
  const profiles = new Map<string, ConfigResource>();
  const levels = new Map<string, ConfigResource>();
  for (const r of resources) {
    if (SETTING_KINDS.has(r.kind) && r.apiVersion.startsWith('api.tsb.tetrate.io/')) {
      const level = parentFqn(r.fqn);
      const had = settings.get(level);
      if (!had || r.fqn < had.fqn) settings.set(level, r);
    }
    if (r.kind === 'Cluster' && /^organizations\/[^/]+\/clusters\/[^/]+$/.test(r.fqn)) clusters.set(r.name, r);
    if (r.kind === 'Profile' && r.apiVersion.startsWith('profile.tsb.tetrate.io/')) profiles.set(r.fqn, r);
    if (LEVEL_KINDS.has(r.kind) && r.apiVersion.startsWith('api.tsb.tetrate.io/')) levels.set(r.fqn, r);
  }
  const inherited = withDefaults(leaves, groups, workspaces, { settings, profiles, levels });
  return { workspaces, groups, leaves: inherited, settings, clusters, profiles, levels };
}

/** Namespaces of `cluster` a workspace owns (present in the inventory), sorted. */
export function workspaceNamespaces(ws: WorkspaceScope, cluster: ClusterInfo): string[] {
  return cluster.namespaces.filter((ns) => selectorMatches(ws.selector, cluster.name, ns)).sort();
}

/** Namespaces of `cluster` a group selects: its own selector within its workspace's. */
export function groupNamespaces(group: GroupScope, cluster: ClusterInfo): string[] {
  return workspaceNamespaces(group.workspace, cluster).filter((ns) => selectorMatches(group.selector, cluster.name, ns) && !excluded(group, cluster, ns));
}

function excluded(group: GroupScope, cluster: ClusterInfo, ns: string): boolean {
  return (group.except ?? []).some((g) => selectorMatches(g.selector, cluster.name, ns));
}

/** True when the group selects `namespace` in `cluster`. */
export function groupSelects(group: GroupScope, cluster: ClusterInfo, namespace: string): boolean {
  return (
    cluster.namespaces.includes(namespace) &&
    selectorMatches(group.workspace.selector, cluster.name, namespace) &&
    selectorMatches(group.selector, cluster.name, namespace) &&
    !excluded(group, cluster, namespace)
  );
}

/**
 * The workspace (or group) an FQN belongs to, for finding the clusters a change can affect:
 * returns the selectors that bound where anything at or below `fqn` can land.
 */
export function selectorsFor(index: ConfigIndex, fqn: string): readonly (readonly string[])[] {
  const out: (readonly string[])[] = [];
  fqn = levelOf(fqn);
  for (const ws of index.workspaces.values()) {
    if (fqn === ws.fqn || fqn.startsWith(`${ws.fqn}/`) || ws.fqn.startsWith(`${fqn}/`)) out.push(ws.selector);
  }
  return out;
}

/** True when anything under `fqn` can land in `cluster` according to `index`. */
export function fqnTouchesCluster(index: ConfigIndex, fqn: string, cluster: string): boolean {
  return selectorsFor(index, fqn).some((sel) => selectorTouchesCluster(sel, cluster));
}

type Leaf = { readonly resource: ConfigResource; readonly group: GroupScope };

const DEFAULTS = [
  { type: 'security', kind: 'SecuritySetting', apiVersion: 'security.tsb.tetrate.io/v2', field: 'defaultSecuritySetting', effective: effectiveSecurity },
  { type: 'traffic', kind: 'TrafficSetting', apiVersion: 'traffic.tsb.tetrate.io/v2', field: 'defaultTrafficSetting', effective: effectiveTraffic },
] as const;

/**
 * Applies the settings hierarchy: a group's own Security/TrafficSetting gets the defaults above it
 * merged in; a group without one, and the namespaces of a workspace no group of that type
 * selects, get the defaults alone (as a leaf owned by the most specific settings resource).
 */
function withDefaults(
  leaves: readonly Leaf[],
  groups: ReadonlyMap<string, GroupScope>,
  workspaces: ReadonlyMap<string, WorkspaceScope>,
  index: Hierarchy,
): Leaf[] {
  const out: Leaf[] = [];
  for (const leaf of leaves) {
    const d = DEFAULTS.find((x) => x.type === leaf.group.type && x.kind === leaf.resource.kind);
    if (!d || leaf.group.mode !== 'BRIDGED') out.push(leaf);
    else out.push({ group: leaf.group, resource: { ...leaf.resource, spec: d.effective(index, leaf.group.workspace.fqn, { ...leaf.resource.spec }) } });
  }
  for (const ws of workspaces.values()) {
    for (const d of DEFAULTS) {
      const src = defaultSource(index, ws.fqn, d.field);
      if (!src) continue;
      const resource: ConfigResource = {
        fqn: src.fqn,
        kind: d.kind,
        apiVersion: d.apiVersion,
        name: 'default',
        metadata: src.metadata,
        spec: d.effective(index, ws.fqn, undefined),
      };
      const typed = [...groups.values()].filter((g) => g.workspace === ws && g.type === d.type);
      for (const g of typed) {
        if (g.mode === 'BRIDGED' && leaves.some((l) => l.group === g && l.resource.kind === d.kind)) continue;
        out.push({ resource, group: { ...g, mode: 'BRIDGED' } });
      }
      const wsName = ws.fqn.split('/').pop() ?? 'workspace';
      out.push({ resource, group: { fqn: ws.fqn, name: wsName, type: d.type, mode: 'BRIDGED', selector: ws.selector, workspace: ws, except: typed } });
    }
  }
  return out.sort((a, b) =>
    a.resource.fqn < b.resource.fqn ? -1 : a.resource.fqn > b.resource.fqn ? 1 : a.group.fqn < b.group.fqn ? -1 : a.group.fqn > b.group.fqn ? 1 : 0,
  );
}
