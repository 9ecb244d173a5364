// Probes one Istio sidecar over HTTP as kubelet does (GET :15021/healthz/ready) and, when it is not
// ready or an explanation is asked for, reads Envoy's readiness stats the way pilot-agent does —
// from the admin port (15000, reachable through a port-forward) or, from outside the pod, from
// pilot-agent's merged `/stats/prometheus` on 15020 — then names the cause (src/api/health).
import {
  LIVE_STATS_FILTER,
  XDS_STATS_FILTER,
  explainSidecar,
  parseAdminStats,
  parsePrometheusStats,
  parseRejectedResources,
  parseServerInfoState,
  type EnvoyReadinessStats,
  type ReadinessObservation,
  type SidecarExplanation,
  type SidecarObservation,
} from '../api/index.js';
import { oneShotGet, type TextResponse } from './one-shot-get.js';

/** Where the sidecar's endpoints are. */
export interface SidecarTarget {
  /** e.g. `http://10.0.0.7:15021/healthz/ready`. */
  readyUrl: string;
  /** Envoy admin base URL (`http://127.0.0.1:15000`), reachable only from inside the pod or through a port-forward. */
  adminUrl?: string;
  /** pilot-agent base URL (`http://10.0.0.7:15020`), for its merged `/stats/prometheus`. */
  agentUrl?: string;
}

export interface ProbeOptions {
  timeoutMs?: number;
  /** Read the stats even when ready (they show what readiness caches away). */
  explain?: boolean;
  /** Receives curl -v style lines for every request. */
  trace?: (line: string) => void;
}

/** What one probe saw and what it means. */
export interface SidecarProbeResult {
  observation: SidecarObservation;
  explanation: SidecarExplanation;
  /** Time taken by the readiness GET, ms. */
  latencyMs: number;
}

/** One GET with a hard deadline (connect and answer together), on a connection of its own; `trace` gets curl -v lines. */
export async function getText(url: string, timeoutMs: number, trace?: (line: string) => void): Promise<TextResponse> {
  const r = await oneShotGet(url, timeoutMs, trace);
  if (trace) {
    trace(`< HTTP/${r.httpVersion} ${r.status} ${r.statusMessage}`.trimEnd());
    for (const [k, v] of r.headers) trace(`< ${k}: ${v}`);
    trace('<');
    if (r.body) trace(r.body.replace(/\n$/, ''));
  }
  return r;
}

/** The readiness answer, or why there was none. */
export async function observeReadiness(url: string, timeoutMs: number, trace?: (line: string) => void): Promise<ReadinessObservation> {
  try {
    const r = await getText(url, timeoutMs, trace);
    return { kind: 'response', status: r.status, body: r.body };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = `${url}: ${(e as Error).message}`;
    trace?.(`* ${message}`);
    if (code === 'ECONNREFUSED') return { kind: 'refused', message };
    if (code === 'ETIMEDOUT') return { kind: 'timeout', message };
    return { kind: 'error', message };
  }
}

async function adminStats(
  base: string,
  timeoutMs: number,
  trace?: (line: string) => void,
): Promise<Pick<SidecarObservation, 'stats' | 'serverState' | 'rejected'>> {
  const stats: EnvoyReadinessStats = {};
  // The two queries pilot-agent makes, in its order.
  for (const filter of [XDS_STATS_FILTER, LIVE_STATS_FILTER]) {
    const r = await getText(`${base}/stats?usedonly&filter=${encodeURIComponent(filter)}`, timeoutMs, trace);
    if (r.status !== 200) throw new Error(`Envoy admin /stats answered HTTP ${r.status}`);
    parseAdminStats(r.body, stats);
  }
  const info = await getText(`${base}/server_info`, timeoutMs, trace);
  const serverState = info.status === 200 ? parseServerInfoState(info.body) : undefined;
  let rejected;
  if ((stats.cdsRejected ?? 0) > 0 || (stats.ldsRejected ?? 0) > 0) {
    const dump = await getText(`${base}/config_dump`, timeoutMs, trace);
    if (dump.status === 200) rejected = parseRejectedResources(dump.body);
  }
  return { stats, serverState, rejected };
}

/** Probes one sidecar and explains the result. Never throws: unreachable is a cause too. */
export async function probeSidecar(t: SidecarTarget, opts: ProbeOptions = {}): Promise<SidecarProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const started = performance.now();
  const readiness = await observeReadiness(t.readyUrl, timeoutMs, opts.trace);
  const latencyMs = performance.now() - started;
  const observation: SidecarObservation = { readiness };
  const ready = readiness.kind === 'response' && readiness.status === 200;
  // Nothing listens on 15021: Envoy is down, so its admin cannot answer either.
  const worthReading = readiness.kind === 'response' && (!ready || opts.explain === true);
  if (worthReading && t.adminUrl) {
    try {
      Object.assign(observation, await adminStats(t.adminUrl, timeoutMs, opts.trace));
    } catch (e) {
      observation.statsError = `Envoy admin ${t.adminUrl}: ${(e as Error).message}`;
    }
  } else if (worthReading && t.agentUrl) {
    try {
      const r = await getText(`${t.agentUrl}/stats/prometheus`, timeoutMs, opts.trace);
      if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
      observation.stats = parsePrometheusStats(r.body);
    } catch (e) {
      observation.statsError = `pilot-agent ${t.agentUrl}/stats/prometheus: ${(e as Error).message}`;
    }
  }
  return { observation, explanation: explainSidecar(observation), latencyMs };
}
