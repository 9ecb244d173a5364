// Runs the unit tests (src/**/*.test.ts) or the end-to-end suites (test/**/*.test.ts) with node's
// test runner. Extra arguments narrow the set: `node scripts/run-tests.mjs unit src/pki`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const [kind = 'unit', ...filters] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const base = kind === 'e2e' ? 'test' : 'src';

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const files = walk(join(root, base), [])
  .filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no ${kind} test files found under ${base}/ matching ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}
const shared = process.env.MESHBRIDGE_SHARED ?? join(root, '..', 'shared');
if (!existsSync(shared)) {
  console.error(`run-tests: shared data not found at ${shared}; set MESHBRIDGE_SHARED to the shared/ folder`);
  process.exit(1);
}
const concurrency = kind === 'e2e' ? '1' : '2';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, MESHBRIDGE_SHARED: shared },
});
process.exit(r.status ?? 1);
