import { createHash } from 'node:crypto';
import type { IstioObject } from '../../translate/index.js';
import { FQN_ANNOTATION, objectKey } from '../../translate/index.js';

/** One object of a cluster's desired state, serialised once and shared by every send. */
export interface SnapshotEntry {
  readonly key: string;
  readonly hash: string;
  readonly fqn: string;
  readonly json: Buffer;
}

/** The versioned desired state of one cluster. */
export interface ClusterSnapshot {
  readonly version: string;
  /** Digest of every key and hash: equal digests mean equal content. */
  readonly digest: string;
  readonly entries: ReadonlyMap<string, SnapshotEntry>;
  /** FQN → keys it produced in this cluster. */
  readonly byFqn: ReadonlyMap<string, readonly string[]>;
}

/** What an agent holds: key → hash (and the producing FQN, for status). */
export type HeldState = Map<string, { hash: string; fqn: string }>;

function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Serialisation memo: translation caches hand the same object instance to many clusters. */
const serialised = new WeakMap<IstioObject, { json: Buffer; hash: string }>();

function serialise(o: IstioObject): { json: Buffer; hash: string } {
  let s = serialised.get(o);
  if (!s) {
    const json = Buffer.from(JSON.stringify(o));
    s = { json, hash: sha(json).slice(0, 22) };
    serialised.set(o, s);
  }
  return s;
}

/**
 * Builds a snapshot. The version is `<revision>.<digest>`: replicas computing the same content at
 * the same revision name it identically, and a newer revision always sorts after an older one.
 */
export function buildSnapshot(objects: readonly IstioObject[], revision: number, previous?: ClusterSnapshot): ClusterSnapshot {
  const entries = new Map<string, SnapshotEntry>();
  const byFqn = new Map<string, string[]>();
  const digest = createHash('sha256');
  for (const o of objects) {
    const key = objectKey(o);
    const { json, hash } = serialise(o);
    const fqn = o.metadata.annotations[FQN_ANNOTATION] ?? '';
    // Identical objects across snapshots share one buffer, so thousands of clusters holding the same
    // config do not hold thousands of copies.
    const old = previous?.entries.get(key);
    entries.set(key, old && old.hash === hash ? old : { key, hash, fqn, json });
    const keys = byFqn.get(fqn) ?? [];
    keys.push(key);
    byFqn.set(fqn, keys);
    digest.update(key).update('\0').update(hash).update('\n');
  }
  const d = digest.digest('base64url').slice(0, 12);
  if (previous && previous.digest === d) return previous;
  return { version: `${revision}.${d}`, digest: d, entries, byFqn };
}

/** What must be sent so an agent holding `held` ends up holding `desired`. */
export function diffSnapshot(held: ReadonlyMap<string, { hash: string }>, desired: ClusterSnapshot): { upserts: SnapshotEntry[]; removes: string[] } {
  const upserts: SnapshotEntry[] = [];
  for (const e of desired.entries.values()) if (held.get(e.key)?.hash !== e.hash) upserts.push(e);
  const removes: string[] = [];
  for (const k of held.keys()) if (!desired.entries.has(k)) removes.push(k);
  return { upserts, removes: removes.sort() };
}

/** Applies a sent delta to the held state (after the agent acknowledged it). */
export function applyDelta(held: HeldState, upserts: readonly SnapshotEntry[], removes: readonly string[], full: boolean): void {
  if (full) held.clear();
  for (const k of removes) held.delete(k);
  for (const e of upserts) held.set(e.key, { hash: e.hash, fqn: e.fqn });
}

/** Orders versions `<revision>.<digest>` by revision. */
export function versionRevision(version: string): number {
  const n = Number(version.split('.')[0]);
  return Number.isFinite(n) ? n : 0;
}
