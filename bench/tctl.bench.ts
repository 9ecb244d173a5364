// tctl latency against baselines measured in the same run, alternating so load drift on the shared
// machine hits both sides alike:
//   1. `tctl version --local-only` start-up vs `node -e 0` (target ≤ 3×);
//   2. `tctl get tenant x -o json` vs `curl` of the same endpoint with the same token (target ≤ 2×).
// Run: npm run build && node scripts/run-bench.mjs tctl (spawns dist/ binaries and a real server).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { binCommand, projectRoot } from '../test/support/bins.js';
import { startServer } from '../test/cli/_harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one process run in ms; fails loudly if the command fails. */
function time(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** Alternates the cases RUNS times (after one warm-up each) and returns each one's median ms. */
function alternate(cases: Record<string, () => number>): Record<string, number> {
  for (const f of Object.values(cases)) f();
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [k, f] of Object.entries(cases)) samples[k].push(f());
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
}

const tctlBin = binCommand('tctl');
if (process.env.MESHBRIDGE_TEST_DIST !== '1') console.warn('warning: MESHBRIDGE_TEST_DIST is not 1; measuring the tsx dev entry, not dist/');

const startup = alternate({
  'node -e 0': () => time(process.execPath, ['-e', '0']),
  'tctl version --local-only': () => time(tctlBin.command, [...tctlBin.args, 'version', '--local-only']),
});
const startupRatio = startup['tctl version --local-only'] / startup['node -e 0'];
console.log(
  `start-up: node -e 0 ${startup['node -e 0'].toFixed(1)} ms, tctl version --local-only ${startup['tctl version --local-only'].toFixed(1)} ms, ratio ${startupRatio.toFixed(2)}× (target ≤ 3×)`,
);

const dir = mkdtempSync(join(tmpdir(), 'tctl-bench-'));
const server = await startServer(join(dir, 'data'), 'bench-admin-pass');
let get: Record<string, number>;
try {
  const env = { ...process.env, TCTL_CONFIG: join(dir, 'tctl.yaml') };
  const run = (...args: string[]): void => void time(tctlBin.command, [...tctlBin.args, ...args], env);
  run('config', 'clusters', 'set', 'bench', '--bridge-address', server.address, '--tls-custom-ca-file', server.caFile);
  run('config', 'profiles', 'set', 'bench', '--cluster', 'bench');
  run('config', 'profiles', 'set-current', 'bench');
  run('login', '--org', 'tetrate', '--tenant', '', '--username', 'admin', '--password', 'bench-admin-pass');
  writeFileSync(
    join(dir, 'x.yaml'),
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: x\nspec:\n  displayName: X\n',
  );
  run('apply', '-f', join(dir, 'x.yaml'));
  const token = /\btoken: (\S+)/.exec(readFileSync(env.TCTL_CONFIG, 'utf8'))?.[1] as string;
  const url = `https://${server.address}/v2/organizations/tetrate/tenants/x`;
  get = alternate({
    curl: () => time('curl', ['-sf', '--cacert', server.caFile, '-H', `Authorization: Bearer ${token}`, url]),
    'tctl get tenant x -o json': () => time(tctlBin.command, [...tctlBin.args, 'get', 'tenant', 'x', '-o', 'json'], env),
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const getRatio = get['tctl get tenant x -o json'] / get.curl;
console.log(
  `get: curl ${get.curl.toFixed(1)} ms, tctl get tenant x -o json ${get['tctl get tenant x -o json'].toFixed(1)} ms, ratio ${getRatio.toFixed(2)}× (target ≤ 2×)`,
);

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const report = `# tctl benchmark

Measured by \`bench/tctl.bench.ts\` (${process.env.MESHBRIDGE_TEST_DIST === '1' ? 'dist/ bundles' : 'tsx dev entry'}), medians of ${RUNS} alternating runs after one warm-up.
Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${load} at the end (shared with other engineers' work), Node ${process.version}, ${new Date().toISOString()}.

| measurement | baseline | tctl | ratio | target |
|---|---|---|---|---|
| start-up: \`tctl version --local-only\` vs \`node -e 0\` | ${startup['node -e 0'].toFixed(1)} ms | ${startup['tctl version --local-only'].toFixed(1)} ms | ${startupRatio.toFixed(2)}× | ≤ 3× |
| \`tctl get tenant x -o json\` vs \`curl\` (same endpoint, token, CA) | ${get.curl.toFixed(1)} ms | ${get['tctl get tenant x -o json'].toFixed(1)} ms | ${getRatio.toFixed(2)}× | ≤ 2× |

Where the time goes and what would close the gap: [docs/tctl.md, "Performance"](../../docs/tctl.md#performance).
`;
writeFileSync(join(projectRoot, 'bench', 'results', 'tctl.md'), report);
console.log(report);
