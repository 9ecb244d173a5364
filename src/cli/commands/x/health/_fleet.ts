// `tctl x health --cluster NAME | --all [-w WORKSPACE]`: the fleet view the management plane keeps
// from its agents' reports (GET /v2/organizations/{org}/health), after asking the agents to sweep
// now, one request per cluster, with a progress line on a terminal.
import { HealthErrors, isMeshError, MeshError, TctlErrors, type FleetSummary } from '../../../../api/index.js';
import type { MeshClient } from '../../../../client/index.js';
import { formatTable } from '../../../../command/index.js';

/** `GET /v2/organizations/{org}/health`, as src/api/health defines it for the server too. */
export type FleetView = FleetSummary;

export interface FleetRequest {
  org: string;
  tenant?: string;
  workspace?: string;
  cluster?: string;
  sweep: boolean;
}

/** Humane age: 42s, 5m, 3h, 2d. */
export function age(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

function query(r: FleetRequest, cluster?: string, sweep = false): Record<string, string> {
  return {
    ...(r.workspace ? { workspace: `tenants/${r.tenant}/workspaces/${r.workspace}` } : {}),
    ...(cluster ? { cluster } : {}),
    ...(sweep ? { sweep: 'true' } : {}),
  };
}

/** Reads the fleet; with `sweep`, asks each cluster's agent first, reporting progress to `progress`. */
export async function readFleet(client: MeshClient, r: FleetRequest, progress?: (line: string) => void): Promise<FleetView> {
  if (r.workspace && !r.tenant)
    throw new MeshError(
      TctlErrors.TenantMissing,
      `-w ${r.workspace}: workspaces live in a tenant, but none was given (no --tenant flag and the profile's user has no tenant)`,
      { field: 'tenant' },
    );
  const path = `/v2/organizations/${encodeURIComponent(r.org)}/health`;
  if (!r.sweep) return client.request<FleetView>('GET', path, undefined, { query: query(r, r.cluster) });
  // Ask every cluster the caller may read, not only those that have reported already: an agent that
  // connected but has not finished its first sweep has no report yet, and this sweep gives it one.
  const reported = r.cluster ? [] : (await client.request<FleetView>('GET', path, undefined, { query: query(r) })).clusters.map((c) => c.cluster);
  const listed = r.cluster
    ? [r.cluster]
    : await client.list(`organizations/${r.org}`, 'clusters').then(
        (cs) => cs.map((c) => c.metadata.name),
        () => [] as string[],
      );
  const names = [...new Set([...reported, ...listed])].sort();
  let done = 0;
  progress?.(`asking ${names.length} cluster agent(s) to sweep now… 0/${names.length}`);
  const answers = await Promise.all(
    names.map(async (name) => {
      const v = await client.request<FleetView>('GET', path, undefined, { query: query(r, name, true) }).catch((e: unknown) => {
        // A cluster with no agent and no report (or none of the caller's namespaces) has nothing to show.
        if (isMeshError(e, HealthErrors.HealthNotReported)) return undefined;
        throw e;
      });
      progress?.(`asking ${names.length} cluster agent(s) to sweep now… ${++done}/${names.length} (${name} done)`);
      return v?.clusters[0];
    }),
  );
  const clusters = answers.filter((c): c is FleetView['clusters'][number] => c !== undefined);
  if (r.cluster && clusters.length === 0) {
    throw new MeshError(HealthErrors.HealthNotReported, `organizations/${r.org}/clusters/${r.cluster}: no sidecar health you may read`, { field: 'cluster' });
  }
  return { clusters, total: clusters.reduce((n, c) => n + c.total, 0), ready: clusters.reduce((n, c) => n + c.ready, 0) };
}

/** ready/total per cluster and namespace, then every not-ready pod worst first, then each cause's fix once. */
export function formatFleet(v: FleetView): string {
  if (v.clusters.length === 0) return "No sidecar health you may read: no agent has reported pods, or none are in your workspaces' namespaces.\n";
  const rows: string[][] = [];
  for (const c of v.clusters) {
    const note = !c.agentConnected ? ' (agent disconnected; last report)' : c.swept === false ? ' (agent did not answer the sweep; last report)' : '';
    rows.push([c.cluster, '*', `${c.ready}/${c.total}`, `${c.sweptAt}${note}`]);
    for (const n of c.namespaces) rows.push([c.cluster, n.namespace, `${n.ready}/${n.total}`, '']);
  }
  let out = formatTable(['CLUSTER', 'NAMESPACE', 'READY', 'SWEPT'], rows);
  const bad = v.clusters.flatMap((c) => c.notReady.map((p) => ({ ...p, cluster: c.cluster })));
  if (bad.length === 0) return `${out}\nAll ${v.total} sidecar(s) ready.\n`;
  out += `\nNot ready (${bad.length} of ${v.total}), worst first:\n`;
  out += formatTable(
    ['CLUSTER', 'POD', 'CAUSE', 'AGE', 'REASON'],
    bad.map((p) => [p.cluster, `${p.name}.${p.namespace}`, p.cause, age(p.ageSeconds), p.reason]),
  );
  const fixes = new Map<string, string>();
  for (const p of bad) if (p.fix && !fixes.has(p.cause)) fixes.set(p.cause, p.fix);
  out += '\nFixes:\n' + [...fixes].map(([cause, fix]) => `  ${cause}: ${fix}`).join('\n') + '\n';
  out += `\nDetails of one pod: tctl x health POD.NAMESPACE --explain\n`;
  return out;
}
