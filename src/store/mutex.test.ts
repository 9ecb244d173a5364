import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mutex } from './mutex.js';

test('Mutex runs callers one at a time in arrival order, even when one throws', async () => {
  const m = new Mutex();
  const log: string[] = [];
  let active = 0;
  const job = (name: string, fail: boolean) =>
    m.run(async () => {
      active++;
      assert.equal(active, 1, 'two callers ran at once');
      log.push(`start ${name}`);
      await new Promise<void>((r) => setImmediate(r));
      log.push(`end ${name}`);
      active--;
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([job('a', false), job('b', true), job('c', false)]);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.equal(m.pending, 0);
});
