// Names why a sidecar is (not) ready, in pilot-agent's terms (reference/istio.md §1.2), from what
// can be observed from outside the pod: the answer of 15021 /healthz/ready, Envoy's readiness
// stats, its server state and the resources it rejected. Pure: the probe does the I/O.
import { ENVOY_SERVER_STATES, type EnvoyReadinessStats, type RejectedResource } from './sidecar-stats.js';

/** Every cause the explainer names; stable strings (reported by agents and the REST API). */
export const SIDECAR_CAUSES = [
  'ready',
  'proxy-unreachable',
  'probe-timeout',
  'agent-unreachable',
  'no-config',
  'config-rejected',
  'config-partial',
  'not-live',
  'workers-not-started',
  'not-ready-other',
  'not-a-sidecar',
] as const;
export type SidecarCause = (typeof SIDECAR_CAUSES)[number];

/** The answer of `GET :15021/healthz/ready`, or why there was none. */
export type ReadinessObservation =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'refused'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'error'; message: string };

/** Everything the explainer uses; only `readiness` is required. */
export interface SidecarObservation {
  readiness: ReadinessObservation;
  stats?: EnvoyReadinessStats;
  /** Why the stats could not be read (e.g. admin not reachable). */
  statsError?: string;
  /** `/server_info` state, when read. */
  serverState?: string;
  rejected?: RejectedResource[];
}

/** The verdict: ready or not, the cause, pilot-agent's words, and the likely fix. */
export interface SidecarExplanation {
  ready: boolean;
  cause: SidecarCause;
  /** One line, in pilot-agent's words where it has some. */
  reason: string;
  /** Counts, states, rejected resources. */
  details: string[];
  /** The likely fix; empty when ready. */
  fix: string;
  /** Things true now that readiness does not show (its checks are cached after first success). */
  warnings: string[];
}

/** Worst first: how urgent each cause is when sorting a fleet. */
export function causeSeverity(c: SidecarCause): number {
  return {
    'proxy-unreachable': 0,
    'agent-unreachable': 1,
    'config-rejected': 2,
    'no-config': 3,
    'config-partial': 4,
    'not-live': 5,
    'workers-not-started': 6,
    'probe-timeout': 7,
    'not-ready-other': 8,
    'not-a-sidecar': 9,
    ready: 10,
  }[c];
}

function counts(s: EnvoyReadinessStats): string {
  return `cds updates: ${s.cdsSuccess ?? 0} successful, ${s.cdsRejected ?? 0} rejected; lds updates: ${s.ldsSuccess ?? 0} successful, ${s.ldsRejected ?? 0} rejected`;
}

function stateName(s: EnvoyReadinessStats, serverState: string | undefined): string {
  if (serverState) return serverState;
  return s.serverState === undefined ? 'unknown' : (ENVOY_SERVER_STATES[s.serverState] ?? String(s.serverState));
}

function rejectedLines(r: RejectedResource[] | undefined): string[] {
  return (r ?? []).map((x) => `rejected ${x.type} ${x.name}: ${x.details}`);
}

/** Applies pilot-agent's probers, in its order, to the stats; undefined when they all pass. */
function fromStats(s: EnvoyReadinessStats, o: SidecarObservation): Omit<SidecarExplanation, 'ready' | 'warnings'> | undefined {
  const c = counts(s);
  const rej = rejectedLines(o.rejected);
  if (!((s.cdsSuccess ?? 0) > 0 && (s.ldsSuccess ?? 0) > 0)) {
    const any = (s.cdsSuccess ?? 0) + (s.cdsRejected ?? 0) + (s.ldsSuccess ?? 0) + (s.ldsRejected ?? 0);
    if (any === 0) {
      return {
        cause: 'no-config',
        reason: 'config not received from XDS server (is Istiod running?)',
        details: [c],
        fix: "istiod is unreachable from the pod or not running: check `kubectl -n istio-system get pods -l app=istiod`, the proxy's discoveryAddress (`kubectl logs POD -c istio-proxy | grep -i xds`) and any NetworkPolicy between the pod and istiod:15012.",
      };
    }
    if ((s.cdsRejected ?? 0) > 0 || (s.ldsRejected ?? 0) > 0) {
      const which = rej.length ? ` (${o.rejected?.map((x) => `${x.type} ${x.name}`).join(', ')})` : '';
      return {
        cause: 'config-rejected',
        reason: 'config received from XDS server, but was rejected',
        details: [c, ...rej],
        fix: `Envoy NACKed the config istiod sent${which}: find the resource with \`istioctl proxy-status POD.NAMESPACE\` and \`kubectl logs POD -c istio-proxy | grep -i rejected\`, fix or delete the Istio object (EnvoyFilter, Sidecar, DestinationRule, …) that produces it, and run \`istioctl analyze -n NAMESPACE\`.`,
      };
    }
    return {
      cause: 'config-partial',
      reason: 'config not fully received from XDS server',
      details: [c],
      fix: "Envoy got clusters or listeners but not both: istiod is still pushing or the stream broke; check `istioctl proxy-status` (STALE) and istiod's logs for push errors for this proxy.",
    };
  }
  if (s.serverState === undefined || s.workersStarted === undefined) {
    return {
      cause: 'not-ready-other',
      reason: 'missing server.state or listener_manager.workers_started in the stats',
      details: [c],
      fix: "The stats filter hides server.* or listener_manager.*: check the proxy's statsMatcher (proxy.istio.io/config annotation, meshConfig.defaultConfig.proxyStatsMatcher).",
    };
  }
  if (s.serverState !== 0) {
    const st = stateName(s, o.serverState);
    const fix =
      st === 'DRAINING'
        ? 'Envoy is draining (the pod is terminating, or /healthcheck/fail or /drain was called): it will not become ready again; let the pod finish or delete it.'
        : 'Envoy is still initializing: it waits for every cluster and listener to warm (initial_fetch_timeout 0s), so an EDS/SDS resource that never arrives keeps it here — check `istioctl proxy-config secret POD` (certificates) and `istioctl proxy-status`.';
    return { cause: 'not-live', reason: `server is not live, current state is: ${st}`, details: [c, `server.state ${s.serverState} (${st})`], fix };
  }
  if (s.workersStarted !== 1) {
    return {
      cause: 'workers-not-started',
      reason: 'workers have not yet started',
      details: [c, `listener_manager.workers_started ${s.workersStarted}`],
      fix: 'Envoy is LIVE but its listener workers did not start: usually transient right after start; if it stays, read `kubectl logs POD -c istio-proxy` for listener bind errors (a port already in use) and restart the pod.',
    };
  }
  return undefined;
}

/** Explains an observation; see SIDECAR_CAUSES for what it can name. */
export function explainSidecar(o: SidecarObservation): SidecarExplanation {
  const r = o.readiness;
  const warnings: string[] = [];
  if (r.kind === 'refused') {
    return {
      ready: false,
      cause: 'proxy-unreachable',
      reason: 'nothing listens on 15021: Envoy is not running, or the pod has no sidecar',
      details: [r.message],
      fix: "Check the pod has an istio-proxy container (`kubectl get pod POD -o jsonpath='{.spec.containers[*].name}'`; if not, label the namespace istio-injection=enabled and restart it) and why Envoy exits (`kubectl logs POD -c istio-proxy --previous`).",
      warnings,
    };
  }
  if (r.kind === 'timeout') {
    return {
      ready: false,
      cause: 'probe-timeout',
      reason: 'no answer from 15021 in time',
      details: [r.message],
      fix: 'The pod is overloaded or a NetworkPolicy drops the traffic: check the node and `kubectl describe pod POD` (readiness probe failures, CPU throttling).',
      warnings,
    };
  }
  if (r.kind === 'error') {
    return {
      ready: false,
      cause: 'proxy-unreachable',
      reason: `15021 could not be reached: ${r.message}`,
      details: [r.message],
      fix: 'Check the address and that the pod is running (`kubectl get pod POD -o wide`).',
      warnings,
    };
  }
  if (r.status === 200) {
    const now = o.stats && fromStats(o.stats, o);
    if (now) {
      warnings.push(
        `ready, yet now ${now.reason} — pilot-agent caches its config and LIVE checks after their first success, so readiness no longer shows this`,
      );
    } else if (o.stats && ((o.stats.cdsRejected ?? 0) > 0 || (o.stats.ldsRejected ?? 0) > 0)) {
      warnings.push(`ready, but Envoy has rejected updates since (${counts(o.stats)}); readiness is cached after the first success`);
    }
    warnings.push(...rejectedLines(o.rejected));
    return { ready: true, cause: 'ready', reason: 'Envoy proxy is ready', details: o.stats ? [counts(o.stats)] : [], fix: '', warnings };
  }
  if (r.status === 503 && r.body.trim() !== '') {
    // pilot-agent writes only the status code; a body is Envoy's own local reply (no upstream).
    return {
      ready: false,
      cause: 'agent-unreachable',
      reason: '503 from Envoy: its readiness route could not reach pilot-agent on 15020',
      details: [r.body.trim().slice(0, 200)],
      fix: 'pilot-agent is down or restarting inside the istio-proxy container: `kubectl logs POD -c istio-proxy` (status server errors), and check no other process holds port 15020.',
      warnings,
    };
  }
  if (r.status !== 503) {
    return {
      ready: false,
      cause: 'not-a-sidecar',
      reason: `15021 answered HTTP ${r.status}, not Istio's readiness endpoint`,
      details: [r.body.trim().slice(0, 200)],
      fix: "Something other than Envoy's readiness listener holds port 15021 on this address: check the URL or pod.",
      warnings,
    };
  }
  if (!o.stats) {
    return {
      ready: false,
      cause: 'not-ready-other',
      reason: "pilot-agent reports not ready (503); Envoy's stats could not be read to say why",
      details: o.statsError ? [o.statsError] : [],
      fix: 'Read the reason pilot-agent logs: `kubectl logs POD -c istio-proxy | grep "NOT ready"`; or run with a port-forward to the pod (`tctl x health POD.NAMESPACE --explain`) so the admin port can be read.',
      warnings,
    };
  }
  const why = fromStats(o.stats, o);
  if (why) return { ready: false, ...why, warnings };
  return {
    ready: false,
    cause: 'not-ready-other',
    reason: 'Envoy has its config and is LIVE, yet pilot-agent reports not ready',
    details: [counts(o.stats)],
    fix: 'The remaining checks failed: the agent is shutting down ("server is terminated"), or DNS capture is on and istiod has not sent the DNS name table yet; `kubectl logs POD -c istio-proxy | grep "NOT ready"` names which.',
    warnings,
  };
}
