// `tctl x certs rootca-compare --all [--cluster NAME] [-w WS] [--from SHA --to SHA]` over the live
// fleet: what the cluster agents report of every workload's ROOTCA bundle and chain
// (GET /v2/organizations/{org}/trust), grouped by root set, outliers named, rotation progress.
import { fleetTrustVerdict, TctlErrors, MeshError, type FleetTrustView, type RootInfo } from '../../../../api/index.js';
import type { MeshClient } from '../../../../client/index.js';
import { formatTable } from '../../../../command/index.js';

export interface FleetTrustRequest {
  org: string;
  tenant?: string;
  workspace?: string;
  cluster?: string;
  from?: string;
  to?: string;
}

/** Reads the fleet's trust as the caller may see it. */
export async function readFleetTrust(client: MeshClient, r: FleetTrustRequest): Promise<FleetTrustView> {
  if (r.workspace && !r.tenant)
    throw new MeshError(
      TctlErrors.TenantMissing,
      `-w ${r.workspace}: workspaces live in a tenant, but none was given (no --tenant flag and the profile's user has no tenant)`,
      { field: 'tenant' },
    );
  const query: Record<string, string> = {
    ...(r.workspace ? { workspace: `tenants/${r.tenant}/workspaces/${r.workspace}` } : {}),
    ...(r.cluster ? { cluster: r.cluster } : {}),
    ...(r.from ? { from: r.from } : {}),
    ...(r.to ? { to: r.to } : {}),
  };
  return client.request<FleetTrustView>('GET', `/v2/organizations/${encodeURIComponent(r.org)}/trust`, undefined, { query });
}

/** `sha256:3f2a9c1b…` with the root's label when the server knows it. */
function rootName(sha: string, roots: readonly RootInfo[]): string {
  const r = roots.find((x) => x.sha256 === sha);
  return `${sha.slice(0, 16)}…${r?.label ? ` (${r.label})` : ''}`;
}

/** Exit code: 0 when every workload holds the same roots and chains to one of them. */
export function fleetTrustExit(v: FleetTrustView): number {
  return fleetTrustVerdict(v).status === 'fail' ? 1 : 0;
}

/** Per cluster, then root sets, rotation progress, outliers. */
export function formatFleetTrust(v: FleetTrustView): string {
  if (v.clusters.length === 0) return "No workload trust you may read: no agent has reported workloads, or none are in your workspaces' namespaces.\n";
  const out: string[] = [];
  const rows = v.clusters.map((c) => [
    c.cluster + (c.scope === 'workspace' ? ' (your namespaces)' : ''),
    String(c.total),
    c.roots.map((r) => `${rootName(r.sha256, v.roots)} ${r.holding}`).join(', ') || '-',
    [
      ...c.roots.filter((r) => r.chainsTo > 0).map((r) => `${rootName(r.sha256, v.roots)} ${r.chainsTo}`),
      ...(c.chainsToNone ? [`none ${c.chainsToNone}`] : []),
    ].join(', ') || '-',
    c.agentConnected ? 'connected' : 'disconnected (last report)',
  ]);
  out.push(formatTable(['CLUSTER', 'WORKLOADS', 'ROOTS HELD (workloads)', 'CHAINS TO (workloads)', 'AGENT'], rows));
  out.push('');
  v.rootSets.forEach((s, i) => {
    out.push(`Group ${i + 1}: ${s.total} workload(s) holding ${s.rootSha256.length} root(s)`);
    for (const sha of s.rootSha256) {
      const r = v.roots.find((x) => x.sha256 === sha);
      out.push(`    sha256:${sha}${r?.label ? `  ${r.label}` : ''}${r?.subject ? `  ${r.subject}` : ''}${r?.notAfter ? `  notAfter ${r.notAfter}` : ''}`);
    }
    out.push(`    clusters: ${s.clusters.map((c) => `${c.cluster} ${c.count}`).join(', ')}`);
  });
  const rot = v.clusters.filter((c) => c.rotation);
  if (rot.length) {
    const r0 = rot[0].rotation;
    out.push('', `Rotation ${rootName(r0?.from ?? '', v.roots)} → ${rootName(r0?.to ?? '', v.roots)}:`);
    out.push(
      formatTable(
        ['CLUSTER', 'OLD ONLY', 'BOTH', 'NEW ONLY', 'NEITHER', 'CHAIN→OLD', 'CHAIN→NEW', 'CHAIN→OTHER'],
        rot.map((c) => {
          const p = c.rotation!;
          return [c.cluster, p.oldOnly, p.both, p.newOnly, p.neither, p.chainsToOld, p.chainsToNew, p.chainsToOther].map(String);
        }),
        '    ',
      ).trimEnd(),
    );
  }
  if (v.outliers.length) {
    out.push('', 'Outliers:');
    out.push(
      formatTable(
        ['CLUSTER', 'WORKLOAD', 'WHY'],
        v.outliers.map((o) => [o.cluster, `${o.name}.${o.namespace}`, o.reason]),
        '    ',
      ).trimEnd(),
    );
  }
  if (fleetTrustExit(v) === 0) out.push('', `All ${v.total} workload(s) share a root.`);
  return out.join('\n') + '\n';
}
