import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHealthFlags } from './prober-options.js';

test('prober flags: defaults, durations, and errors naming the flag (MB3501)', () => {
  assert.deepEqual(parseHealthFlags({}), { intervalMs: 30_000, concurrency: 128, timeoutMs: 2000 });
  assert.deepEqual(parseHealthFlags({ interval: '2m', concurrency: '16', timeout: '500ms' }), { intervalMs: 120_000, concurrency: 16, timeoutMs: 500 });
  assert.equal(parseHealthFlags({ interval: '0' }).intervalMs, 0);
  assert.throws(() => parseHealthFlags({ interval: '10' }), /--health-interval "10": not a duration/);
  assert.throws(() => parseHealthFlags({ interval: '500ms' }), /at least 1s/);
  assert.throws(() => parseHealthFlags({ timeout: '1m' }), /--health-timeout 1m: between 100ms and 30s/);
  assert.throws(
    () => parseHealthFlags({ concurrency: '0' }),
    (e: Error & { code?: string }) => e.code === 'MB3501' && /--health-concurrency 0/.test(e.message),
  );
});
