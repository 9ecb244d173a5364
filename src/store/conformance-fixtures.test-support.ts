// Shared inputs and helpers of the Store conformance suite (store-conformance.ts).
import assert from 'node:assert/strict';
import { isMeshError, type ErrorDef } from '../api/index.js';
import type { ResourceInput, Store } from './store.js';

/** A ResourceInput for `fqn`, deriving parent, name and (from the collection) the kind. */
export function res(fqn: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): ResourceInput {
  const parts = fqn.split('/');
  const collection = parts[parts.length - 2];
  const kinds: Record<string, string> = {
    organizations: 'Organization',
    tenants: 'Tenant',
    workspaces: 'Workspace',
    clusters: 'Cluster',
    users: 'User',
    trafficgroups: 'Group',
    settings: 'Setting',
  };
  return {
    fqn,
    parent: parts.slice(0, -2).join('/'),
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: kinds[collection] ?? 'Other',
    name: parts[parts.length - 1],
    metadata,
    spec,
  };
}

/** Creates every FQN (parents first) in one write as `actor`. */
export async function seed(store: Store, fqns: readonly string[], actor = 'seed'): Promise<number> {
  const { revision } = await store.write(actor, async (tx) => {
    for (const f of fqns) await tx.put(res(f), null);
  });
  return revision;
}

/** Asserts that `p` rejects with a MeshError of `def` whose message matches every pattern. */
export async function rejectsWith(p: Promise<unknown>, def: ErrorDef, ...patterns: (string | RegExp)[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isMeshError(e, def), `expected ${def.name} (${def.code}), got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    for (const pat of patterns) {
      if (typeof pat === 'string') assert.ok(e.message.includes(pat), `message ${JSON.stringify(e.message)} should name ${pat}`);
      else assert.match(e.message, pat);
    }
    return true;
  });
}

/** Resolves with the next revision `store` reports to subscribers. */
export function nextNotification(store: Store): Promise<number> {
  return new Promise((resolve) => {
    const off = store.subscribe((r) => {
      off();
      resolve(r);
    });
  });
}

/** Resolves once `store`'s subscriber saw `revision` (or a later one). */
export function notificationAtLeast(store: Store, revision: number): Promise<number> {
  return new Promise((resolve) => {
    const off = store.subscribe((r) => {
      if (r < revision) return;
      off();
      resolve(r);
    });
  });
}

/** TSB's etag shape: a quoted base64 string of 8 bytes. */
export const ETAG_PATTERN = /^"[A-Za-z0-9+/]{11}="$/;
