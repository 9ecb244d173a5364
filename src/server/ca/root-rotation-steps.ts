// The mesh root rotation's writes (issue #16): each transition is one store transaction that moves
// the persisted state and rewrites every managed cluster's CA material together, so a crash or a
// restart never leaves clusters between two steps; the agent streams deliver the result.
import { createRootCa } from '../../pki/index.js';
import type { WriteTx } from '../../store/index.js';
import { MeshError, RootRotationErrors } from '../../api/index.js';
import { bringsOwnCa } from './delivery.js';
import { issueClusterCa, readClusterCa, readRoot, rebundleClusterCa, ROOT_SECRET, rotateClusterCa, summarize, type MeshCaOptions } from './mesh-ca.js';
import { LAST_ROTATION_SECRET, readRotation, writeRotation, type FinishedRotation, type RootRotation } from './root-rotation-state.js';
import { transition, type RotationAction, type Transition } from './root-rotation.js';

/** Every Cluster whose CA meshbridge manages (all organizations: the mesh root is the management plane's). */
export async function managedClusters(tx: WriteTx): Promise<string[]> {
  return (await tx.listByKind('Cluster')).filter((c) => !bringsOwnCa(c.spec)).map((c) => c.fqn);
}

async function rewriteClusters(tx: WriteTx, t: Transition, oldPem: string, newPem: string, opts: MeshCaOptions): Promise<void> {
  const roots = t.bundle === 'old' ? oldPem : t.bundle === 'new' ? newPem : oldPem + newPem;
  for (const fqn of await managedClusters(tx)) {
    // A cluster without material yet gets this step's from issueClusterCa (it reads the new state).
    if (!(await readClusterCa(tx, fqn))) await issueClusterCa(tx, fqn, opts);
    else if (t.reissue) await rotateClusterCa(tx, fqn, opts);
    else await rebundleClusterCa(tx, fqn, roots);
  }
}

/** A new root's common name: distinct from the old one's so chain building never confuses them. */
function newRootName(at: Date): string {
  return `meshbridge Mesh Root CA ${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/**
 * Applies `action` to the stored rotation inside `tx`. `expectPhase` is the step the caller's gate
 * was evaluated against: when another replica or user moved it meanwhile, nothing is written.
 */
export async function applyAction(
  tx: WriteTx,
  org: string,
  action: RotationAction,
  actor: string,
  expectPhase: string | undefined,
  opts: MeshCaOptions,
): Promise<{ rotation?: RootRotation; finished?: FinishedRotation; transition: Transition }> {
  const current = await readRotation(tx);
  if (current && current.org !== org)
    throw new MeshError(RootRotationErrors.RootRotationOtherOrganization, `the root rotation in progress was started under organization ${current.org}`, {
      field: 'organization',
    });
  if ((current?.phase ?? 'idle') !== (expectPhase ?? 'idle'))
    throw new MeshError(RootRotationErrors.RootRotationInProgress, `the rotation moved to ${current?.phase ?? 'idle'} meanwhile; look again with --status`, {
      field: 'action',
    });
  const t = transition(current?.phase, action, current?.history);
  const mesh = await readRoot(tx);
  if (!mesh) throw new MeshError(RootRotationErrors.RootRotationNoRoot, 'the mesh root CA has not been created yet', { field: 'root' });
  const at = new Date();
  const event = { to: t.to, at: at.toISOString(), by: actor };
  if (!current) {
    const material = await createRootCa({ now: at, keyType: opts.keyType ?? 'ec', days: opts.rootDays, org: opts.org, commonName: newRootName(at) });
    const rotation: RootRotation = {
      id: at.toISOString(),
      org,
      phase: 'bundle',
      oldRootPem: mesh.certPem,
      newRoot: { ...material, createdAt: at.toISOString() },
      history: [event],
    };
    await writeRotation(tx, rotation);
    await rewriteClusters(tx, t, rotation.oldRootPem, rotation.newRoot.certPem, opts);
    return { rotation, transition: t };
  }
  if (t.to === 'completed' || t.to === 'aborted') {
    // Clusters are rewritten before the state goes, while the root that signs is still the step's.
    await rewriteClusters(tx, t, current.oldRootPem, current.newRoot.certPem, opts);
    if (t.to === 'completed') await tx.putSecret(ROOT_SECRET, JSON.stringify(current.newRoot));
    const finished: FinishedRotation = {
      id: current.id,
      org,
      outcome: t.to,
      oldRootSha256: summarize(current.oldRootPem).sha256,
      newRootSha256: summarize(current.newRoot.certPem).sha256,
      history: [...current.history, event],
    };
    await writeRotation(tx, undefined);
    await tx.putSecret(LAST_ROTATION_SECRET, JSON.stringify(finished));
    return { finished, transition: t };
  }
  const rotation: RootRotation = { ...current, phase: t.to, history: [...current.history, event] };
  await writeRotation(tx, rotation);
  await rewriteClusters(tx, t, current.oldRootPem, current.newRoot.certPem, opts);
  return { rotation, transition: t };
}
