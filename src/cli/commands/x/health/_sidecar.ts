// `tctl x health URL|POD[.NS]`: one sidecar. Probes 15021 /healthz/ready (through a port-forward
// for a pod), reads Envoy's admin (15000) to explain, and checks rewritten app probes on 15020.
import { HealthErrors, MeshError, type SidecarExplanation } from '../../../../api/index.js';
import { getText, probeSidecar, type SidecarTarget } from '../../../../client/index.js';
import { forwardFailed, forwardPort, type LocalForward, type PortForwarder } from './_forward.js';

/** What to check. */
export interface SidecarRequest {
  /** A URL, or a pod with its namespace. */
  target: { url: string } | { pod: string; namespace: string };
  explain: boolean;
  app?: string;
  timeoutMs: number;
  trace?: (line: string) => void;
  forwarder?: () => Promise<PortForwarder>;
  /** URL mode: Envoy admin and pilot-agent base URLs when not the defaults. */
  adminUrl?: string;
  agentUrl?: string;
}

/** The answer, as printed with -o json|yaml. */
export interface SidecarReport {
  target: string;
  ready: boolean;
  httpStatus?: number;
  cause: string;
  reason: string;
  details: string[];
  fix: string;
  warnings: string[];
  app?: { container: string; readyz: number | string; livez: number | string; ready: boolean };
}

/** Splits `pod[.namespace]` (istioctl's syntax); `namespace` is the fallback. */
export function podRef(arg: string, namespace: string): { pod: string; namespace: string } {
  const dot = arg.indexOf('.');
  return dot > 0 ? { pod: arg.slice(0, dot), namespace: arg.slice(dot + 1) } : { pod: arg, namespace };
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parses the positional: a URL or a pod name; the error names the argument and the fix. */
export function parseTarget(arg: string, namespace: string): SidecarRequest['target'] {
  if (/^[a-z]+:\/\//i.test(arg)) {
    let u: URL;
    try {
      u = new URL(arg);
    } catch {
      throw new MeshError(HealthErrors.HealthTargetInvalid, `${arg}: not a valid URL`, { field: 'TARGET' });
    }
    if (u.protocol !== 'http:')
      throw new MeshError(HealthErrors.HealthTargetInvalid, `${arg}: Envoy's readiness listener speaks plain HTTP; use http://`, { field: 'TARGET' });
    if (u.pathname === '/' || u.pathname === '') u.pathname = '/healthz/ready';
    return { url: u.toString() };
  }
  const ref = podRef(arg, namespace);
  if (!DNS1123.test(ref.namespace) || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(ref.pod)) {
    throw new MeshError(HealthErrors.HealthTargetInvalid, `${arg}: not a pod name (POD[.NAMESPACE]) or an http:// URL`, { field: 'TARGET' });
  }
  return ref;
}

async function appCheck(base: string, container: string, timeoutMs: number, trace?: (l: string) => void): Promise<NonNullable<SidecarReport['app']>> {
  const one = async (kind: 'readyz' | 'livez'): Promise<number | string> => {
    try {
      const r = await getText(`${base}/app-health/${encodeURIComponent(container)}/${kind}`, timeoutMs, trace);
      return r.status === 400 && /does not exists/.test(r.body) ? `no ${kind} probe rewritten for ${container}` : r.status;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const readyz = await one('readyz');
  const livez = await one('livez');
  const ok = (v: number | string): boolean => v === 200 || (typeof v === 'string' && v.startsWith('no '));
  return { container, readyz, livez, ready: ok(readyz) && ok(livez) && (readyz === 200 || livez === 200) };
}

function toReport(target: string, e: SidecarExplanation, httpStatus: number | undefined): SidecarReport {
  return {
    target,
    ready: e.ready,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    cause: e.cause,
    reason: e.reason,
    details: e.details,
    fix: e.fix,
    warnings: e.warnings,
  };
}

/** Checks one sidecar. Throws MB2501 when the port-forward itself fails. */
export async function checkSidecar(req: SidecarRequest): Promise<SidecarReport> {
  if ('url' in req.target) {
    const u = new URL(req.target.url);
    // A local port-forward of 15021 or a VM workload: the agent is on 15020 of the same host.
    const agentUrl = req.agentUrl ?? (u.port === '15021' ? `http://${u.host.replace(/:15021$/, ':15020')}` : undefined);
    const t: SidecarTarget = { readyUrl: u.toString(), adminUrl: req.adminUrl, agentUrl };
    const r = await probeSidecar(t, { timeoutMs: req.timeoutMs, explain: req.explain, trace: req.trace });
    const report = toReport(u.toString(), r.explanation, r.observation.readiness.kind === 'response' ? r.observation.readiness.status : undefined);
    if (req.app) {
      if (!agentUrl)
        throw new MeshError(
          HealthErrors.HealthFlagsConflict,
          "--app needs pilot-agent's address: pass --agent-url http://HOST:15020 (or a URL on port 15021)",
          { field: 'app' },
        );
      report.app = await appCheck(agentUrl, req.app, req.timeoutMs, req.trace);
    }
    return report;
  }
  const { pod, namespace } = req.target;
  if (!req.forwarder) throw new Error('no port-forwarder');
  const forwarder = await req.forwarder();
  const forwards: LocalForward[] = [];
  try {
    const ready = await forwardPort(forwarder, namespace, pod, 15021);
    const admin = await forwardPort(forwarder, namespace, pod, 15000);
    forwards.push(ready, admin);
    const r = await probeSidecar(
      { readyUrl: `http://127.0.0.1:${ready.port}/healthz/ready`, adminUrl: `http://127.0.0.1:${admin.port}` },
      { timeoutMs: req.timeoutMs, explain: req.explain, trace: req.trace },
    );
    let e = r.explanation;
    const obs = r.observation.readiness;
    if (obs.kind !== 'response') {
      const why = ready.lastError();
      // The kubelet reached the pod but nothing listens on 15021 there: Envoy is down.
      if (why && /refused/i.test(why))
        e = { ...e, cause: 'proxy-unreachable', reason: 'nothing listens on 15021: Envoy is not running, or the pod has no sidecar', details: [why] };
      else throw forwardFailed(namespace, pod, 15021, why ?? (obs as { message: string }).message);
    }
    const report = toReport(`${pod}.${namespace}`, e, obs.kind === 'response' ? obs.status : undefined);
    if (req.app) {
      const agent = await forwardPort(forwarder, namespace, pod, 15020);
      forwards.push(agent);
      report.app = await appCheck(`http://127.0.0.1:${agent.port}`, req.app, req.timeoutMs, req.trace);
    }
    return report;
  } finally {
    await Promise.all(forwards.map((f) => f.close()));
  }
}

/** Human output: one verdict line, then cause, details, fix and warnings. */
export function formatSidecarReport(r: SidecarReport, verbose: boolean): string {
  const lines = [`${r.target}: ${r.ready ? 'READY' : 'NOT READY'}${r.httpStatus !== undefined ? ` (HTTP ${r.httpStatus})` : ''}`];
  if (!r.ready || verbose) {
    lines.push(`  cause:   ${r.cause} — ${r.reason}`);
    for (const d of r.details) lines.push(`  detail:  ${d}`);
    if (r.fix) lines.push(`  fix:     ${r.fix}`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.app) lines.push(`  app ${r.app.container}: readyz ${r.app.readyz}, livez ${r.app.livez} → ${r.app.ready ? 'ok' : 'FAILING'}`);
  return lines.join('\n') + '\n';
}

/** 0 ready, 1 not ready, 2 unreachable (the TSB-style health exit codes of issue #13). */
export function exitCodeOf(r: SidecarReport): number {
  if (r.cause === 'proxy-unreachable' || r.cause === 'probe-timeout') return 2;
  return r.ready && (r.app?.ready ?? true) ? 0 : 1;
}
