import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Change, type Store } from '../../store/index.js';
import { createFeed } from './store-feed.js';

async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-feed-'));
  const store = await createStore({ dataDir: dir });
  try {
    await fn(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tenant(store: Store, name: string): Promise<number> {
  const { revision } = await store.write('test', async (tx) => {
    if (!(await tx.get('organizations/o'))) {
      await tx.put({ fqn: 'organizations/o', parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'o', metadata: {}, spec: {} }, null);
    }
    await tx.put(
      { fqn: `organizations/o/tenants/${name}`, parent: 'organizations/o', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', name, metadata: {}, spec: {} },
      null,
    );
  });
  return revision;
}

/** Collects changes until `n` arrived. */
function collector(): { seen: Change[]; listener: (c: readonly Change[]) => void; until: (n: number) => Promise<void> } {
  const seen: Change[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    listener: (c) => {
      seen.push(...c);
      wake?.();
    },
    until: async (n) => {
      while (seen.length < n) await new Promise<void>((r) => (wake = r));
    },
  };
}

test('a subscriber from revision 0 gets the history then live changes, in order, with no gaps or duplicates', async () => {
  await withStore(async (store) => {
    for (let i = 0; i < 5; i++) await tenant(store, `h${i}`);
    const feed = await createFeed(store);
    try {
      const c = collector();
      feed.subscribe(0, c.listener);
      // Writes race with the catch-up: they must neither be lost nor delivered twice.
      const writes = Array.from({ length: 20 }, (_, i) => tenant(store, `l${i}`));
      await Promise.all(writes);
      await c.until(26);
      await feed.settle();
      const fqns = c.seen.map((x) => x.fqn);
      assert.equal(fqns.length, 26);
      assert.equal(new Set(fqns).size, 26);
      const revs = c.seen.map((x) => x.revision);
      assert.deepEqual(
        revs,
        [...revs].sort((a, b) => a - b),
      );
      assert.equal(feed.revision, await store.currentRevision());
    } finally {
      feed.stop();
    }
  });
});

test('a subscriber at the head gets only later changes; unsubscribing stops delivery', async () => {
  await withStore(async (store) => {
    await tenant(store, 'before');
    const feed = await createFeed(store);
    try {
      const c = collector();
      const stop = feed.subscribe(feed.revision, c.listener);
      const rev = await tenant(store, 'after');
      await c.until(1);
      assert.deepEqual(
        c.seen.map((x) => [x.fqn, x.revision]),
        [['organizations/o/tenants/after', rev]],
      );
      stop();
      await tenant(store, 'ignored');
      await feed.settle();
      assert.equal(c.seen.length, 1);
    } finally {
      feed.stop();
    }
  });
});
