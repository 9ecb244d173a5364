// The mesh root rotation as a pure state machine (issue #16): which step follows which action,
// what each step gives every managed cluster, and whether a cluster has reached the current step
// (its gate), from what its agent reports. The store and REST live in root-rotation-steps.ts and
// root-rotation-operations.ts.
import { MeshError, RootRotationErrors, type RotationClusterProgress } from '../../api/index.js';
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
  /**
   * The step whose gate must hold instead of the current one's (when `gated`): an abort into a
   * rollback after `cleanup` must first see both roots trusted everywhere again (`bundle`).
   */
  readonly gatePhase?: RotationPhase;
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
export function transition(current: RotationPhase | undefined, action: RotationAction, history: readonly { readonly to: string }[] = []): Transition {
  if (action === 'start') {
    if (current)
      throw new MeshError(RootRotationErrors.RootRotationInProgress, `a root rotation is at step ${stepOf(current)} (${current})`, { field: 'action' });
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
        throw new MeshError(
          RootRotationErrors.RootRotationWrongStep,
          'the rotation is rolling back: --advance does not apply; finish the rollback with --abort',
          {
            field: 'action',
          },
        );
    }
  }
  switch (current) {
    case 'bundle':
      // No certificate chains to the new root yet: dropping it from the bundles is safe at once.
      return { to: 'aborted', gated: false, reissue: false, bundle: 'old' };
    case 'intermediates':
      // Back from `cleanup`, bundles may still hold only the new root: old-root intermediates would
      // be rejected there, so the rollback waits until every cluster and workload trusts both again.
      if (history.some((e) => e.to === 'cleanup')) return { to: 'rollback', gated: true, reissue: true, bundle: 'both', gatePhase: 'bundle' };
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
  /** cert-chain.pem, intermediate first; its last certificate is the root the cluster's CA chains to. */
  readonly certChainSha256?: readonly string[];
  readonly rootCertSha256?: readonly string[];
  /** False when the agent never reported its workloads' trust (the gate must hold). */
  readonly workloadsReported?: boolean;
  readonly workloads: readonly WorkloadTrustIn[];
}

/** A cluster's progress through the current step: the REST shape (src/api), built here. */
export type ClusterProgress = RotationClusterProgress;

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
function workloadLack(phase: RotationPhase, w: WorkloadTrustIn, roots: GateRoots, managed = true): string | undefined {
  if (w.error) return `its sidecar could not be read (${w.error})`;
  const want = rootsWanted(phase, roots);
  const has = new Set(w.rootSha256);
  // In a rollback the old root must be trusted (its certificates come back); the new one may go.
  const missing = (phase === 'rollback' ? [roots.old] : want).filter((r) => !has.has(r));
  if (missing.length) return `its bundle lacks the ${missing.map((r) => (r === roots.old ? 'old' : 'new')).join(' and ')} root`;
  // A cluster that brings its own CA may keep trusting more roots than the mesh's.
  if (managed && phase === 'cleanup' && w.rootSha256.some((r) => r !== roots.new)) return 'its bundle still holds the old root';
  if ((phase === 'intermediates' || phase === 'cleanup') && w.chainRootSha256 !== roots.new) return 'its certificate does not chain to the new root yet';
  if (phase === 'rollback' && w.chainRootSha256 !== roots.old) return 'its certificate does not chain to the old root yet';
  return undefined;
}

/**
 * Whether a cluster has reached `phase`: its agent is connected, its cacerts are the delivered ones
 * (the intermediate stored for it, `expectedCaCertSha256`, and the step's roots), and every workload
 * it reports holds the step's bundle and, from step 2, a certificate from the step's signing root.
 * A cluster that brings its own CA is never written; it is gated on what it trusts and chains to.
 */
export function clusterProgress(
  phase: RotationPhase,
  roots: GateRoots,
  cluster: string,
  managed: boolean,
  expectedCaCertSha256: string | undefined,
  report: ClusterReport | undefined,
): ClusterProgress {
  if (!managed) return ownCaProgress(phase, roots, cluster, report);
  const lacking: string[] = [];
  if (!report?.connected) lacking.push('its agent is not connected');
  const want = rootsWanted(phase, roots);
  const held = report?.rootCertSha256 ?? [];
  if (held.length !== want.length || want.some((r) => !held.includes(r)))
    lacking.push(`its cacerts root-cert.pem holds ${describeRoots(held, roots)} (wants ${describeRoots(want, roots)})`);
  if (!expectedCaCertSha256 || report?.caCertSha256 !== expectedCaCertSha256)
    lacking.push(
      `its cacerts ca-cert.pem is ${report?.caCertSha256 ? short(report.caCertSha256) : 'not reported'}, not the delivered intermediate ${short(expectedCaCertSha256 ?? '')}`,
    );
  return withWorkloads(phase, roots, cluster, managed, report, lacking);
}

/** Adds the workloads' lag to what a cluster lacks and makes its progress row. */
function withWorkloads(
  phase: RotationPhase,
  roots: GateRoots,
  cluster: string,
  managed: boolean,
  report: ClusterReport | undefined,
  lacking: string[],
): ClusterProgress {
  const workloads = report?.workloads ?? [];
  if (report && report.workloadsReported === false) lacking.push("its agent has not reported its workloads' trust");
  const behind = workloads.map((w) => ({ w, why: workloadLack(phase, w, roots, managed) })).filter((x) => x.why !== undefined);
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

/**
 * The gate over a cluster that brings its own CA: meshbridge never writes its cacerts, but the
 * managed clusters' next step must not break it, nor it them. Its root-cert.pem (and every
 * workload's bundle) must hold the step's roots — more are allowed — and its cert-chain.pem must
 * end in a root every managed cluster trusts next: either root in step 1, the new root in steps 2
 * and 3 (the old one leaves the managed bundles), the old root in a rollback.
 */
function ownCaProgress(phase: RotationPhase, roots: GateRoots, cluster: string, report: ClusterReport | undefined): ClusterProgress {
  const lacking: string[] = [];
  if (!report?.connected) lacking.push('its agent is not connected');
  const want = rootsWanted(phase, roots);
  const held = report?.rootCertSha256 ?? [];
  const missing = want.filter((r) => !held.includes(r));
  if (missing.length)
    lacking.push(
      `it brings its own CA and its root-cert.pem holds ${describeRoots(held, roots)}: add the ${describeRoots(missing, roots)} to it (meshbridge never writes it)`,
    );
  const chainRoot = report?.certChainSha256?.[report.certChainSha256.length - 1] ?? '';
  const chainWant = phase === 'bundle' ? [roots.old, roots.new] : phase === 'rollback' ? [roots.old] : [roots.new];
  if (!chainWant.includes(chainRoot))
    lacking.push(
      `it brings its own CA and its cert-chain.pem ends in ${chainRoot ? describeRoots([chainRoot], roots) : 'no reported root'}: re-issue its intermediate from the ${describeRoots(chainWant, roots).replace(' + ', ' or ')} (every managed cluster trusts it next)`,
    );
  return withWorkloads(phase, roots, cluster, false, report, lacking);
}

/** The clusters holding the rollout, each with what it lacks (for errors and --status). */
export function holdouts(progress: readonly ClusterProgress[]): string[] {
  return progress.filter((p) => !p.done).map((p) => `${p.cluster}: ${p.lacking.join('; ')}`);
}
