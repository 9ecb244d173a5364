// Pure rendering of `tctl status`: the table, the cluster details section and TSB's
// ResourceStatus document (scripts check `.spec.status == "READY"` and `.spec.message`).
import { formatTable } from '../../command/index.js';

/** One status answer (GET /v2/{fqn}/status) with the name and FQN it was asked for. */
export interface StatusRow {
  readonly name: string;
  readonly fqn: string;
  readonly status: Record<string, unknown>;
}

// FQN collections → the metadata keys TSB prints (organization, tenant, workspace, group...).
const PARENT_KEYS: Readonly<Record<string, string>> = {
  organizations: 'organization',
  tenants: 'tenant',
  workspaces: 'workspace',
  gatewaygroups: 'group',
  trafficgroups: 'group',
  securitygroups: 'group',
  istiointernalgroups: 'group',
  applications: 'application',
};

/** TSB's ResourceStatus document: apiVersion, kind, metadata {name, parents...}, spec {status, message...}. */
export function statusDocument(row: StatusRow): Record<string, unknown> {
  const segs = row.fqn.split('/');
  const metadata: Record<string, string> = { name: row.name };
  for (let i = 0; i + 1 < segs.length - 2; i += 2) metadata[PARENT_KEYS[segs[i]] ?? segs[i].replace(/s$/, '')] = segs[i + 1];
  metadata.fqn = row.fqn;
  return { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'ResourceStatus', metadata, spec: { ...row.status } };
}

/** NAME STATUS LAST EVENT MESSAGE, plus a details section for clusters the agent reported on. */
export function statusTable(rows: readonly StatusRow[], isCluster: boolean, now: Date = new Date()): string {
  const table = formatTable(
    ['NAME', 'STATUS', 'LAST EVENT', 'MESSAGE'],
    rows.map((r) => [r.name, str(r.status.status), str(r.status.lastEvent), str(r.status.message)]),
  );
  if (isCluster) return table + rows.map((r) => `\n${clusterDetails(r, now)}`).join('');
  return table + perCluster(rows);
}

/** Where a PARTIAL or FAILED status comes from: one line per cluster that reported on the object. */
export function perCluster(rows: readonly StatusRow[]): string {
  const lines: string[][] = [];
  for (const r of rows) {
    const clusters = r.status.clusters;
    if (!clusters || typeof clusters !== 'object') continue;
    for (const [c, v] of Object.entries(clusters as Record<string, Record<string, unknown>>))
      lines.push([r.name, c, str(v?.status), str(v?.lastEvent), str(v?.message)]);
  }
  return lines.length === 0 ? '' : `\n${formatTable(['NAME', 'CLUSTER', 'STATUS', 'LAST EVENT', 'MESSAGE'], lines)}`;
}

/** The agent-reported facts of one cluster: connection, last seen, versions and inventory. */
export function clusterDetails(row: StatusRow, now: Date = new Date()): string {
  const s = row.status;
  if (s.connected === undefined && s.lastSeen === undefined)
    return `${row.name}:\n  Agent:           never connected (install the agent: tctl install manifest control-plane-secrets)\n`;
  const lines: [string, string][] = [['Connected', s.connected === true ? 'yes' : 'no']];
  if (typeof s.lastSeen === 'string') lines.push(['Last seen', `${s.lastSeen} (${ago(Date.parse(s.lastSeen), now)})`]);
  if (s.agentVersion) lines.push(['Agent version', str(s.agentVersion)]);
  if (s.version) lines.push(['Config version', str(s.version)]);
  if (s.replica) lines.push(['Server replica', str(s.replica)]);
  lines.push(['Namespaces', list(s.namespaces)], ['Services', list(s.services)]);
  return `${row.name}:\n${lines.map(([k, v]) => `  ${`${k}:`.padEnd(16)} ${v}`).join('\n')}\n`;
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function list(v: unknown): string {
  const items = Array.isArray(v) ? v.map(String) : [];
  if (items.length === 0) return '(none)';
  // A cluster may report hundreds of services: show the first ten and the count.
  const shown = items.slice(0, 10).join(', ');
  return items.length > 10 ? `${shown}, … (${items.length} in all; -o yaml lists them)` : `${shown} (${items.length})`;
}

function ago(t: number, now: Date): string {
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.max(0, Math.round((now.getTime() - t) / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
