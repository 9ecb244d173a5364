// Parsers for what a sidecar exposes about its readiness (reference/istio.md §1): Envoy admin
// `/stats` text (`name: value` lines), the Prometheus text that pilot-agent merges on 15020
// (`envoy_cluster_manager_cds_update_success{} 3`), `/server_info` and the config dump's
// `error_state` of rejected resources. Pure.

/** The Envoy stats pilot-agent's readiness probers read. Absent = not in the text. */
export interface EnvoyReadinessStats {
  cdsSuccess?: number;
  cdsRejected?: number;
  ldsSuccess?: number;
  ldsRejected?: number;
  /** server.state gauge: 0 LIVE, 1 DRAINING, 2 PRE_INITIALIZING, 3 INITIALIZING. */
  serverState?: number;
  workersStarted?: number;
}

/** A resource Envoy rejected, from the config dump's error_state (its last NACK). */
export interface RejectedResource {
  type: 'listener' | 'cluster';
  name: string;
  details: string;
}

/** The filters pilot-agent passes to `/stats?usedonly&filter=` (reference 1.2). */
export const XDS_STATS_FILTER = '^(cluster_manager\\.cds|listener_manager\\.lds)\\.(update_success|update_rejected)$';
export const LIVE_STATS_FILTER = '^(server\\.state|listener_manager\\.workers_started)';

/** Envoy's server states by `server.state` value. */
export const ENVOY_SERVER_STATES = ['LIVE', 'DRAINING', 'PRE_INITIALIZING', 'INITIALIZING'] as const;

const KEYS: Record<string, keyof EnvoyReadinessStats> = {
  'cluster_manager.cds.update_success': 'cdsSuccess',
  'cluster_manager.cds.update_rejected': 'cdsRejected',
  'listener_manager.lds.update_success': 'ldsSuccess',
  'listener_manager.lds.update_rejected': 'ldsRejected',
  'server.state': 'serverState',
  'listener_manager.workers_started': 'workersStarted',
};

/** Parses Envoy admin `/stats` text; unknown lines are ignored. */
export function parseAdminStats(text: string, into: EnvoyReadinessStats = {}): EnvoyReadinessStats {
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    const key = KEYS[line.slice(0, i).trim()];
    const v = Number(line.slice(i + 2).trim());
    if (key && Number.isFinite(v)) into[key] = v;
  }
  return into;
}

const PROM_KEYS: Record<string, keyof EnvoyReadinessStats> = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [`envoy_${k.replace(/\./g, '_')}`, v]));

/** Parses the Prometheus text of pilot-agent's `/stats/prometheus` (Envoy's part, `envoy_*`). */
export function parsePrometheusStats(text: string): EnvoyReadinessStats {
  const out: EnvoyReadinessStats = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('envoy_')) continue;
    const m = /^([a-z_]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    const key = m && PROM_KEYS[m[1]];
    if (key && m[2] !== undefined && m[2] !== '{}') continue; // labelled series are per-cluster stats
    if (key) out[key] = Number(m[3]);
  }
  return out;
}

/** The `state` of Envoy's `/server_info` JSON, or undefined when the text is not that. */
export function parseServerInfoState(text: string): string | undefined {
  try {
    const j = JSON.parse(text) as { state?: unknown };
    return typeof j.state === 'string' ? j.state : undefined;
  } catch {
    return undefined;
  }
}

interface DumpEntry {
  name?: string;
  error_state?: { details?: string };
  [k: string]: unknown;
}

/** Resources whose last update Envoy rejected, from a `/config_dump` (listeners and clusters). */
export function parseRejectedResources(text: string): RejectedResource[] {
  let dump: { configs?: Record<string, unknown>[] };
  try {
    dump = JSON.parse(text) as typeof dump;
  } catch {
    return [];
  }
  const out: RejectedResource[] = [];
  for (const c of dump.configs ?? []) {
    const lists: [RejectedResource['type'], unknown][] = [
      ['listener', c.dynamic_listeners],
      ['cluster', c.dynamic_active_clusters],
      ['cluster', c.dynamic_warming_clusters],
    ];
    for (const [type, list] of lists) {
      if (!Array.isArray(list)) continue;
      for (const e of list as DumpEntry[]) {
        if (e.error_state) out.push({ type, name: String(e.name ?? ''), details: String(e.error_state.details ?? '') });
      }
    }
  }
  return out;
}
