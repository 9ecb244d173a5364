import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterInfo } from '../../translate/index.js';
import { MeshViews } from './mesh-views.js';

test('GIVEN a lone mesh change WHEN it is recorded THEN the other clusters are recomputed on the next tick; a storm within the window is coalesced into one more recompute', async () => {
  const infos: ClusterInfo[] = [{ name: 'a', namespaces: ['x'] }];
  const flushes: { at: number; except: string | undefined }[] = [];
  const views = new MeshViews<{ changeSince?: number; id: string }>(
    () => infos,
    (_org, except) => flushes.push({ at: Date.now(), except: except?.id }),
    300,
  );
  views.of('o');
  const t0 = Date.now();
  infos.push({ name: 'b', namespaces: ['x'] });
  views.changed('o', { id: 'b' });
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(flushes.length, 1, 'flushed on the next tick, not after the 300 ms window');
  assert.ok(flushes[0].at - t0 < 100);
  assert.equal(flushes[0].except, 'b', 'the cluster that changed was already recomputed');
  for (const n of ['c', 'd', 'e']) {
    infos.push({ name: n, namespaces: ['x'] });
    views.changed('o', { id: n });
  }
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(flushes.length, 1, 'a storm right after a flush waits for the window');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(flushes.length, 2, 'and is then recomputed once');
  assert.equal(flushes[1].except, undefined, 'several clusters changed: every cluster is recomputed');
  assert.ok(flushes[1].at - flushes[0].at >= 290);
  views.changed('o', { id: 'e' });
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(flushes.length, 2, 'no change of the view (same key): nothing to recompute');
  views.close();
});
