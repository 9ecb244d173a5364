// The mesh root rotation as REST operations (issue #16): plan, status, start, advance, abort under
// an organization: reading needs READ on it, acting SET_POLICY (the rights of GET and POST
// …/cacerts) on it and on every other organization that has clusters. Views carry
// certificates' fingerprints and subjects only; the new root's key stays in the store's secrets.
import { MeshError, RootRotationErrors, RootRotationSafetyErrors, type ClusterTrust, type RootRotationView } from '../../api/index.js';
import type { Principal, RootRotationOperations, ServerDeps } from '../contracts.js';
import { bringsOwnCa } from './delivery.js';
import { readClusterCa, readRoot, summarize, type CertSummary, type MeshCaOptions } from './mesh-ca.js';
import { readLastRotation, readRotation, type RootRotation, type RotationPhase } from './root-rotation-state.js';
import { applyAction } from './root-rotation-steps.js';
import {
  clusterProgress,
  holdouts,
  stepOf,
  transition,
  type ClusterProgress,
  type ClusterReport,
  type RotationAction,
  type WorkloadTrustIn,
} from './root-rotation.js';

const WHAT: Readonly<Record<RotationPhase | 'idle', { readonly now: string; readonly advance?: string; readonly abort?: string }>> = {
  idle: { now: 'no rotation in progress', advance: 'step 1: create a new root; every managed cluster trusts the old and the new root' },
  bundle: {
    now: 'step 1: every managed cluster and its workloads trust the old and the new root',
    advance: 'step 2: new intermediates signed by the new root; workloads take certificates from them as they rotate',
    abort: 'back to the old root only (nothing chains to the new root yet)',
  },
  intermediates: {
    now: 'step 2: intermediates from the new root; waiting for every workload to hold a certificate from it',
    advance: 'step 3: the old root is removed from every bundle',
    abort: 'rollback: intermediates from the old root again, both roots still trusted',
  },
  cleanup: {
    now: 'step 3: only the new root is trusted; waiting for every bundle to drop the old root',
    advance: 'complete: the new root becomes the mesh root',
    abort: 'back to step 2: the old root is trusted again',
  },
  rollback: {
    now: 'rollback: intermediates from the old root, both roots trusted; waiting for every workload to hold a certificate from the old root',
    abort: 'finish the rollback: the old root only',
  },
};

/**
 * The last status a cluster's agent left (aggregate source ''), as the gate reads it: its cacerts'
 * fingerprints and its workloads' trust (src/api/trust's ClusterTrust, grouped by bundle and chain).
 */
/**
 * How old a status' lastSeen may be for its `connected: true` to count: a live agent's status is
 * rewritten on its heartbeats about once a minute, so one older than three minutes was left by a server that
 * died (kill -9) without marking its agents gone, and its report is not live.
 */
export const LIVE_STATUS_MS = 180_000;

async function reportOf(deps: ServerDeps, fqn: string, now = Date.now()): Promise<ClusterReport | undefined> {
  const rec = (await deps.store.getStatus(fqn)).find((r) => r.source === '');
  if (!rec) return undefined;
  const s = rec.status as {
    connected?: boolean;
    lastSeen?: string;
    ca?: { caCertSha256?: string; certChainSha256?: string[]; rootCertSha256?: string[] };
    workloadTrust?: ClusterTrust;
  };
  const workloads: WorkloadTrustIn[] = (s.workloadTrust?.groups ?? []).flatMap((g) =>
    g.workloads.map((w) => ({
      namespace: w.namespace,
      name: w.name,
      rootSha256: g.rootSha256,
      chainRootSha256: g.chainRootSha256,
      ...(w.error ? { error: w.error } : {}),
    })),
  );
  return {
    connected: s.connected === true && s.lastSeen !== undefined && now - Date.parse(s.lastSeen) <= LIVE_STATUS_MS,
    caCertSha256: s.ca?.caCertSha256,
    certChainSha256: s.ca?.certChainSha256,
    rootCertSha256: s.ca?.rootCertSha256,
    workloadsReported: s.workloadTrust !== undefined,
    workloads,
  };
}

/** Every cluster's progress through `phase` (all organizations: they share the mesh root). */
async function progressOf(deps: ServerDeps, rotation: RootRotation, phase: RotationPhase): Promise<ClusterProgress[]> {
  const roots = { old: summarize(rotation.oldRootPem).sha256, new: summarize(rotation.newRoot.certPem).sha256 };
  const out: ClusterProgress[] = [];
  for (const c of await deps.store.reader.listByKind('Cluster')) {
    const managed = !bringsOwnCa(c.spec);
    const ca = managed ? await readClusterCa(deps.store.reader, c.fqn) : undefined;
    const expected = ca ? summarize(ca.current['ca-cert.pem']).sha256 : undefined;
    out.push(clusterProgress(phase, roots, c.fqn, managed, expected, await reportOf(deps, c.fqn)));
  }
  return out;
}

/** The clusters as --plan lists them before a rotation: which are managed, connected, and their workload count. */
async function planRows(deps: ServerDeps): Promise<ClusterProgress[]> {
  const out: ClusterProgress[] = [];
  for (const c of await deps.store.reader.listByKind('Cluster')) {
    const managed = !bringsOwnCa(c.spec);
    const r = await reportOf(deps, c.fqn);
    const lacking = managed && !r?.connected ? ['its agent is not connected: it would hold step 1 until it is'] : [];
    const n = r?.workloads.length ?? 0;
    out.push({ cluster: c.fqn, managed, connected: r?.connected ?? false, done: lacking.length === 0, workloads: { total: n, done: 0 }, lacking });
  }
  return out;
}

/**
 * The rows a caller of `org` sees: its own clusters by name, and the clusters of other
 * organizations (they share the mesh root and are gated too) only as a count, without names.
 */
function scoped(org: string, all: readonly ClusterProgress[]): { clusters: ClusterProgress[]; holding: string[] } {
  const prefix = `organizations/${org}/`;
  const clusters = all.filter((c) => c.cluster.startsWith(prefix));
  const others = all.filter((c) => !c.cluster.startsWith(prefix) && !c.done).length;
  return { clusters, holding: [...holdouts(clusters), ...(others ? [`${others} cluster(s) of other organizations sharing the mesh root`] : [])] };
}

function publicRoot(pem: string): CertSummary {
  return summarize(pem);
}

/** The root rotation's REST operations. */
export function rootRotationOperations(deps: ServerDeps, opts: MeshCaOptions): RootRotationOperations {
  const orgFqn = (org: string): string => `organizations/${org}`;

  async function view(org: string, plan: boolean): Promise<RootRotationView> {
    const rotation = await readRotation(deps.store.reader);
    const root = await readRoot(deps.store.reader);
    if (!root) throw new MeshError(RootRotationErrors.RootRotationNoRoot, 'the mesh root CA has not been created yet', { field: 'root' });
    const last = await readLastRotation(deps.store.reader);
    if (rotation && rotation.org !== org)
      throw new MeshError(RootRotationErrors.RootRotationOtherOrganization, `the root rotation in progress was started under organization ${rotation.org}`, {
        field: 'organization',
      });
    const phase = rotation?.phase ?? 'idle';
    const { clusters, holding } = scoped(org, rotation ? await progressOf(deps, rotation, rotation.phase) : plan ? await planRows(deps) : []);
    const notManaged = clusters.filter((c) => !c.managed).map((c) => c.cluster);
    return {
      organization: org,
      phase,
      step: rotation ? stepOf(rotation.phase) : 0,
      description: WHAT[phase].now,
      meshRoot: publicRoot(root.certPem),
      ...(rotation ? { oldRoot: publicRoot(rotation.oldRootPem), newRoot: publicRoot(rotation.newRoot.certPem), history: rotation.history } : {}),
      gate: { holds: holding.length === 0, holding },
      next: { ...(WHAT[phase].advance ? { advance: WHAT[phase].advance } : {}), ...(WHAT[phase].abort ? { abort: WHAT[phase].abort } : {}) },
      ...(notManaged.length
        ? {
            notManaged: {
              clusters: notManaged,
              note: 'these clusters bring their own CA: meshbridge never writes their cacerts; each step waits until their root-cert.pem holds its roots and their cert-chain.pem ends in a root the managed clusters trust next (add the new root, then re-issue their intermediate from it, yourself)',
            },
          }
        : {}),
      clusters,
      ...(last ? { last } : {}),
    };
  }

  /**
   * A step rewrites every organization's clusters (the mesh root is shared), so acting needs
   * SET_POLICY on every organization that has a cluster — held there or on the root (an ancestor
   * grant covers it). Organizations the caller cannot even read are counted, not named.
   */
  async function requireMeshWide(p: Principal, org: string): Promise<void> {
    await deps.rbac.require(p, 'SET_POLICY', orgFqn(org));
    const others = new Set((await deps.store.reader.listByKind('Cluster')).map((c) => c.fqn.split('/').slice(0, 2).join('/')));
    others.delete(orgFqn(org));
    const missing: string[] = [];
    for (const o of [...others].sort()) if (!(await deps.rbac.can(p, 'SET_POLICY', o))) missing.push(o);
    if (!missing.length) return;
    const named: string[] = [];
    for (const o of missing) if (await deps.rbac.can(p, 'READ', o)) named.push(o);
    const hidden = missing.length - named.length;
    const list = [...named, ...(hidden ? [`${hidden} other organization(s) you cannot read`] : [])].join(', ');
    throw new MeshError(
      RootRotationSafetyErrors.RootRotationMeshWideRight,
      `permission SET_POLICY is missing on ${list}: a root rotation step rewrites the clusters of every organization`,
      {
        field: 'permission',
        details: { permission: 'SET_POLICY', missing: named, hidden },
      },
    );
  }

  async function act(p: Principal, org: string, action: RotationAction): Promise<RootRotationView> {
    await requireMeshWide(p, org);
    const rotation = await readRotation(deps.store.reader);
    // The gate is read from the clusters' statuses before the write; the write re-checks the step.
    const t = transition(rotation?.phase, action, rotation?.history);
    if (t.gated && rotation) {
      const gate = t.gatePhase ?? rotation.phase;
      const progress = await progressOf(deps, rotation, gate);
      const { holding } = scoped(org, progress);
      if (holding.length) {
        const def =
          gate !== rotation.phase
            ? RootRotationSafetyErrors.RootRotationBothRootsPending
            : progress.some((c) => !c.managed && !c.done)
              ? RootRotationSafetyErrors.RootRotationOwnCaBehind
              : rotation.phase === 'rollback'
                ? RootRotationErrors.RootRotationRollbackPending
                : RootRotationErrors.RootRotationGateOpen;
        const what =
          gate !== rotation.phase
            ? `the rollback waits for both roots to be trusted everywhere again; held by`
            : `step ${stepOf(rotation.phase)} (${rotation.phase}) is held by`;
        throw new MeshError(def, `${what} ${holding.length} cluster(s): ${holding.join(' | ')}`, {
          field: 'clusters',
          details: { holding },
        });
      }
    }
    const { result } = await deps.store.write(p.subject, (tx) => applyAction(tx, org, action, p.subject, rotation?.phase, opts));
    deps.log.info(
      {
        org,
        action,
        to: result.transition.to,
        actor: p.subject,
        newRootSha256: result.rotation ? summarize(result.rotation.newRoot.certPem).sha256 : result.finished?.newRootSha256,
      },
      'mesh root rotation moved',
    );
    return view(org, false);
  }

  return {
    async plan(p, org) {
      await deps.rbac.require(p, 'READ', orgFqn(org));
      return view(org, true);
    },
    async status(p, org) {
      await deps.rbac.require(p, 'READ', orgFqn(org));
      return view(org, false);
    },
    act,
  };
}
