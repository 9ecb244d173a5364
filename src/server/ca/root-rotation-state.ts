// The persisted state of a mesh root rotation (issue #16) and the CA material each step implies.
// Kept apart from the state machine so mesh-ca.ts (issuing and rotating intermediates) can ask
// which root signs and which roots clusters trust without importing the machine.
import type { Reader, WriteTx } from '../../store/index.js';
import type { StoredRoot } from './mesh-ca.js';

/**
 * The steps of a rotation. `bundle`: every cluster trusts old + new roots, intermediates still from
 * the old root. `intermediates`: intermediates from the new root, both roots trusted. `cleanup`:
 * only the new root trusted. `rollback`: an abort after `intermediates` — intermediates from the
 * old root again, both roots trusted until no workload holds a certificate from the new one.
 */
export type RotationPhase = 'bundle' | 'intermediates' | 'cleanup' | 'rollback';

/** One transition, as the history lists it (who, when, into what). */
export interface RotationEvent {
  readonly to: RotationPhase | 'completed' | 'aborted';
  readonly at: string;
  readonly by: string;
}

/** The rotation in progress, stored as one secret: it holds the new root's private key. */
export interface RootRotation {
  readonly id: string;
  readonly org: string;
  readonly phase: RotationPhase;
  readonly oldRootPem: string;
  readonly newRoot: StoredRoot;
  readonly history: readonly RotationEvent[];
}

/** A finished rotation (completed or aborted), certificates' fingerprints only. */
export interface FinishedRotation {
  readonly id: string;
  readonly org: string;
  readonly outcome: 'completed' | 'aborted';
  readonly oldRootSha256: string;
  readonly newRootSha256: string;
  readonly history: readonly RotationEvent[];
}

export const ROTATION_SECRET = 'mesh-ca:root-rotation';
export const LAST_ROTATION_SECRET = 'mesh-ca:root-rotation:last';

/** The rotation in progress, or undefined. */
export async function readRotation(reader: Reader): Promise<RootRotation | undefined> {
  const raw = await reader.getSecret(ROTATION_SECRET);
  return raw ? (JSON.parse(raw) as RootRotation) : undefined;
}

/** The last finished rotation, or undefined. */
export async function readLastRotation(reader: Reader): Promise<FinishedRotation | undefined> {
  const raw = await reader.getSecret(LAST_ROTATION_SECRET);
  return raw ? (JSON.parse(raw) as FinishedRotation) : undefined;
}

/** Stores (or, with undefined, removes) the rotation in progress. */
export async function writeRotation(tx: WriteTx, rotation: RootRotation | undefined): Promise<void> {
  if (rotation) await tx.putSecret(ROTATION_SECRET, JSON.stringify(rotation));
  else await tx.deleteSecret(ROTATION_SECRET);
}

/** The root that signs intermediates now: the new one from step `intermediates` on (not in a rollback). */
export function signingRoot(rotation: RootRotation | undefined, meshRoot: StoredRoot): StoredRoot {
  return rotation && (rotation.phase === 'intermediates' || rotation.phase === 'cleanup') ? rotation.newRoot : meshRoot;
}

/** The roots every managed cluster's root-cert.pem holds now (PEM, old first). */
export function trustBundle(rotation: RootRotation | undefined, meshRootPem: string): string {
  if (!rotation) return meshRootPem;
  if (rotation.phase === 'cleanup') return rotation.newRoot.certPem;
  return rotation.oldRootPem + rotation.newRoot.certPem;
}

/** Every root a cluster's CA may chain to now (the mesh root, plus the new one during a rotation). */
export async function meshRootsPem(reader: Reader): Promise<string | undefined> {
  // 'mesh-ca:root' is mesh-ca.ts's ROOT_SECRET, spelled out so this file imports mesh-ca.ts for types only.
  const [rootRaw, rotation] = await Promise.all([reader.getSecret('mesh-ca:root'), readRotation(reader)]);
  if (!rootRaw) return undefined;
  const root = (JSON.parse(rootRaw) as StoredRoot).certPem;
  return rotation ? root + rotation.newRoot.certPem : root;
}
