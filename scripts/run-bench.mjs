// Runs every benchmark (bench/*.bench.ts), or those whose name contains an argument, one after the
// other so they do not compete for the 2 cores. Each prints its own results and baseline ratio.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('run-bench: no benchmark matched');
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', f)], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, MESHBRIDGE_TEST_DIST: '1' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
