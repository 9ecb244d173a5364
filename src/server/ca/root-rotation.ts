// The mesh root rotation as a pure state machine (issue #16): which step follows which action,
// what each step gives every managed cluster, and whether a cluster has reached the current step
// (its gate), from what its agent reports. The store and REST live in root-rotation-steps.ts and
// root-rotation-operations.ts.
import { MeshError, RootRotationErrors } from '../../api/index.js';
import type { RotationPhase } from './root-rotation-state.js';

/** What a user asks of the rotation. */
export type RotationAction = 'start' | 'advance' | 'abort';

/** Where an action leads, whether the current step's gate must hold first, and the clusters' material there. */
export interface Transition {
  readonly to: RotationPhase | 'completed' | 'aborted';
  /** The gate of the current step must hold (every managed cluster reached it). */
  readonly gated: boolean;
  /** Every managed cluster gets a new intermediate (signed by the root that signs in `to`). */
  readonly reissue: boolean;
  /** The roots every managed cluster's root-cert.pem holds in `to`. */
  readonly bundle: 'old' | 'both' | 'new';
}

const STEP: Readonly<Record<RotationPhase, number>> = { bundle: 1, intermediates: 2, cleanup: 3, rollback: 2 };

/** The step number shown to users (1–3; a rollback undoes step 2). */
export function stepOf(phase: RotationPhase): number {
  return STEP[phase];
}

/**
 * The transition an action makes from the current step; throws the catalogue's error when it does
 * not apply. Aborts go back one safe state at a time and never to one where a workload could hold a
 * certificate that some peer's bundle does not trust: leaving `intermediates` re-issues
 * intermediates from the old root but keeps both roots trusted (`rollback`); the old root alone
 * comes back only once no workload chains to the new one (that gate).
 */
export function transition(current: RotationPhase | undefined, action: RotationAction): Transition {
  if (action === 'start') {
    if (current) throw new MeshError(RootRotationErrors.RootRotationInProgress, `a root rotation is at step ${stepOf(current)} (${current})`, { field: 'action' });
    return { to: 'bundle', gated: false, reissue: false, bundle: 'both' };
  }
  if (!current) throw new MeshError(RootRotationErrors.RootRotationNone, `nothing to ${action}: no root rotation is in progress`, { field: 'action' });
  if (action === 'advance') {
    switch (current) {
      case 'bundle':
        return { to: 'intermediates', gated: true, reissue: true, bundle: 'both' };
      case 'intermediates':
        return { to: 'cleanup', gated: true, reissue: false, bundle: 'new' };
      case 'cleanup':
        return { to: 'completed', gated: true, reissue: false, bundle: 'new' };
      case 'rollback':
        throw new MeshError(RootRotationErrors.RootRotationWrongStep, 'the rotation is rolling back: --advance does not apply; finish the rollback with --abort', {
          field: 'action',
        });
    }
  }
  switch (current) {
    case 'bundle':
      // No certificate chains to the new root yet: dropping it from the bundles is safe at once.
      return { to: 'aborted', gated: false, reissue: false, bundle: 'old' };
    case 'intermediates':
      return { to: 'rollback', gated: false, reissue: true, bundle: 'both' };
    case 'cleanup':
      // Trusting the old root again is always safe; intermediates stay from the new root.
      return { to: 'intermediates', gated: false, reissue: false, bundle: 'both' };
    case 'rollback':
      return { to: 'aborted', gated: true, reissue: false, bundle: 'old' };
  }
}

/** One workload's trust as its cluster's agent reports it (proto WorkloadTrust). */
export interface WorkloadTrustIn {
  readonly namespace: string;
  readonly name: string;
  readonly rootSha256: readonly string[];
  readonly chainRootSha256: string;
  /** Set when the agent could not read the sidecar: it passes no gate. */
  readonly error?: string;
}

/** What a cluster reported last (from its status): connection, its cacerts' fingerprints, its workloads. */
export interface ClusterReport {
  readonly connected: boolean;
  readonly caCertSha256?: string;
  readonly rootCertSha256?: readonly string[];
  /** False when the agent never reported its workloads' trust (the gate must hold). */
  readonly workloadsReported?: boolean;
  readonly workloads: readonly WorkloadTrustIn[];
}

/** A cluster's progress through the current step. */
export interface ClusterProgress {
  readonly cluster: string;
  readonly managed: boolean;
  readonly connected: boolean;
  /** The cluster and all its workloads hold the current step's material (always true when not managed). */
  readonly done: boolean;
  readonly workloads: { readonly total: number; readonly done: number };
  /** What it lacks, in words (empty when done). */
  readonly lacking: readonly string[];
}

/** The fingerprints the gate compares against. */
export interface GateRoots {
  readonly old: string;
  readonly new: string;
}

const short = (sha: string): string => sha.slice(0, 12);
const MAX_NAMED = 5;

function rootsWanted(phase: RotationPhase, roots: GateRoots): string[] {
  return phase === 'cleanup' ? [roots.new] : [roots.old, roots.new];
}

function describeRoots(shas: readonly string[], roots: GateRoots): string {
  if (shas.length === 0) return 'no root';
  return shas.map((s) => (s === roots.old ? `old root ${short(s)}` : s === roots.new ? `new root ${short(s)}` : `foreign root ${short(s)}`)).join(' + ');
}

/** Why a workload has not reached the step, or undefined when it has. */
function workloadLack(phase: RotationPhase, w: WorkloadTrustIn, roots: GateRoots): string | undefined {
  if (w.error) return `its sidecar could not be read (${w.error})`;
  const want = rootsWanted(phase, roots);
  const has = new Set(w.rootSha256);
  if (phase !== 'rollback') {
    const missing = want.filter((r) => !has.has(r));
    if (missing.length) return `its bundle lacks the ${missing.map((r) => (r === roots.old ? 'old' : 'new')).join(' and ')} root`;
  }
  if (phase === 'cleanup' && w.rootSha256.some((r) => r !== roots.new)) return 'its bundle still holds the old root';
  if ((phase === 'intermediates' || phase === 'cleanup') && w.chainRootSha256 !== roots.new) return 'its certificate does not chain to the new root yet';
  if (phase === 'rollback' && w.chainRootSha256 !== roots.old) return 'its certificate does not chain to the old root yet';
  return undefined;
}

/**
 * Whether a cluster has reached `phase`: its agent is connected, its cacerts are the delivered ones
 * (the intermediate stored for it, `expectedCaCertSha256`, and the step's roots), and every workload
 * it reports holds the step's bundle and, from step 2, a certificate from the step's signing root.
 * A cluster that brings its own CA is never written, so it is listed as not managed and not gated.
 */
export function clusterProgress(
  phase: RotationPhase,
  roots: GateRoots,
  cluster: string,
  managed: boolean,
  expectedCaCertSha256: string | undefined,
  report: ClusterReport | undefined,
): ClusterProgress {
  const workloads = report?.workloads ?? [];
  if (!managed) return { cluster, managed, connected: report?.connected ?? false, done: true, workloads: { total: workloads.length, done: 0 }, lacking: [] };
  const lacking: string[] = [];
  if (!report?.connected) lacking.push('its agent is not connected');
  const want = rootsWanted(phase, roots);
  const held = report?.rootCertSha256 ?? [];
  if (held.length !== want.length || want.some((r) => !held.includes(r)))
    lacking.push(`its cacerts root-cert.pem holds ${describeRoots(held, roots)} (wants ${describeRoots(want, roots)})`);
  if (!expectedCaCertSha256 || report?.caCertSha256 !== expectedCaCertSha256)
    lacking.push(`its cacerts ca-cert.pem is ${report?.caCertSha256 ? short(report.caCertSha256) : 'not reported'}, not the delivered intermediate ${short(expectedCaCertSha256 ?? '')}`);
  if (report && report.workloadsReported === false) lacking.push("its agent has not reported its workloads' trust");
  const behind = workloads.map((w) => ({ w, why: workloadLack(phase, w, roots) })).filter((x) => x.why !== undefined);
  if (behind.length) {
    const named = behind.slice(0, MAX_NAMED).map((x) => `${x.w.namespace}/${x.w.name}: ${x.why}`);
    const more = behind.length > MAX_NAMED ? `; and ${behind.length - MAX_NAMED} more` : '';
    lacking.push(`${behind.length} of ${workloads.length} workloads behind (${named.join('; ')}${more})`);
  }
  return {
    cluster,
    managed,
    connected: report?.connected ?? false,
    done: lacking.length === 0,
    workloads: { total: workloads.length, done: workloads.length - behind.length },
    lacking,
  };
}

/** The clusters holding the rollout, each with what it lacks (for errors and --status). */
export function holdouts(progress: readonly ClusterProgress[]): string[] {
  return progress.filter((p) => !p.done).map((p) => `${p.cluster}: ${p.lacking.join('; ')}`);
}
