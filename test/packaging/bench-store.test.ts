// `npm run bench` on a fresh machine: the store benchmark needs nothing but the embedded SQLite; its
// PostgreSQL half runs where MESHBRIDGE_TEST_POSTGRES is set and otherwise says it was skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { postgresUrl } from '../support/shared.js';

const root = new URL('../..', import.meta.url).pathname;

function runStoreBench(env: NodeJS.ProcessEnv): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'store.bench.ts')], {
    cwd: root,
    env: { ...env, BENCH_ROUNDS: '1', BENCH_SECONDS: '0.2' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('without MESHBRIDGE_TEST_POSTGRES the store benchmark runs the SQLite half, says PostgreSQL was skipped, and exits 0', () => {
  const env = { ...process.env };
  delete env.MESHBRIDGE_TEST_POSTGRES;
  const r = runStoreBench(env);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /sqlite ratio store\/bare: /);
  assert.match(r.out, /postgres: skipped \(MESHBRIDGE_TEST_POSTGRES is not set/);
  assert.doesNotMatch(r.out, /postgres ratio/);
});

test('with MESHBRIDGE_TEST_POSTGRES the store benchmark runs both halves', () => {
  const r = runStoreBench({ ...process.env, MESHBRIDGE_TEST_POSTGRES: postgresUrl() });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /sqlite ratio store\/bare: /);
  assert.match(r.out, /postgres ratio store\/bare: /);
  assert.doesNotMatch(r.out, /skipped/);
});
