import type { Session } from './http.js';
import { getStatus, listChildren, type Resource, type StatusView } from './resources.js';

/** A cluster with what its agent last reported (status kept by the management plane). */
export interface ClusterView {
  readonly resource: Resource;
  readonly status: StatusView | null;
}

/** The agent-reported fields of a Cluster's status (docs/clusters.md). */
export interface AgentReport {
  readonly connected?: boolean;
  readonly lastSeen?: string;
  readonly agentVersion?: string;
  readonly version?: string;
  readonly namespaces?: readonly string[];
  readonly services?: readonly string[];
  readonly sidecars?: { readonly ready: number; readonly total: number };
}

export async function listClusters(s: Session, org: string): Promise<ClusterView[]> {
  const clusters = await listChildren(s, `organizations/${org}`, 'clusters');
  return Promise.all(clusters.map(async (resource) => ({ resource, status: await getStatus(s, resource.fqn).catch(() => null) })));
}

/** "12 s ago", "3 min ago" — or "never". */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}
