// One agent's sidecar prober (src/agent/health SidecarSweeper, default concurrency 128, 2 s
// deadline) sweeping 5,000 sidecars served by emulations of pilot-agent and Envoy in a separate
// process (bench/_health-fleet.ts, test code) on distinct loopback addresses — Envoy's readiness
// route calls the emulated agent in-process (`upstream: 'in-process'`), because a loopback hop per
// probe inside two harness processes cost 3× the prober's own CPU and was what made earlier runs
// slow (bench/RESULTS.md); the prober still makes one real TCP connection per probe; baseline: sequential
// `curl` of /healthz/ready on 100 of them, extrapolated to 5,000, in the same run. Also the agent's
// extra heap for holding 5,000 pods' results.
// Run: node scripts/run-bench.mjs health   (~1 minute; HEALTH_BENCH_PODS to change the size)
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SidecarSweeper } from '../src/agent/health/sidecar-sweeper.js';

const N = Number(process.env.HEALTH_BENCH_PODS ?? 5000);
const CURL_SAMPLE = 100;
const RUNS = Number(process.env.HEALTH_BENCH_RUNS ?? 5);
const root = new URL('..', import.meta.url).pathname;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

/** Floors: one bare GET per readiness URL at the same concurrency, nothing explained — through
 *  node:http (`agent: false`), and as a plain socket exchange (connect, write, read to the end). */
const bareHttp = (ip: string): Promise<void> =>
  new Promise((res) => {
    const q = request({ host: ip, port: 15021, path: '/healthz/ready', agent: false, timeout: 2000 }, (r) => {
      r.resume();
      r.on('end', res);
    });
    q.on('error', () => res());
    q.end();
  });
const bareSocket = (ip: string): Promise<void> =>
  new Promise((res) => {
    const s = connect({ host: ip, port: 15021, noDelay: true });
    s.on('connect', () => s.write(`GET /healthz/ready HTTP/1.1\r\nHost: ${ip}:15021\r\nConnection: close\r\n\r\n`));
    s.on('data', () => undefined);
    s.on('close', () => res());
    s.on('error', () => res());
  });

async function floorRun(pods: readonly { ip: string }[], one: (ip: string) => Promise<void>): Promise<number> {
  const f0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 128 }, async () => {
      while (next < pods.length) await one(pods[next++].ip);
    }),
  );
  return Math.round(performance.now() - f0);
}

const load1 = (): string => loadavg()[0].toFixed(1);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  // Two fleet processes (the machine has two cores), each serving half of the pods.
  const halves = [
    [0, Math.ceil(N / 2)],
    [Math.ceil(N / 2), N - Math.ceil(N / 2)],
  ];
  const fleets = halves.map(([first, count]) =>
    spawn(process.execPath, ['--import', 'tsx', `${root}bench/_health-fleet.ts`, String(first), String(count)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      cwd: root,
    }),
  );
  try {
    const t0 = Date.now();
    const lines = await Promise.all(
      fleets.map(
        (fleet) =>
          new Promise<string>((resolve, reject) => {
            createInterface({ input: fleet.stdout! }).once('line', resolve);
            fleet.once('exit', (c) => reject(new Error(`fleet process exited ${c}`)));
          }),
      ),
    );
    const pods = lines.flatMap((l) => (JSON.parse(l) as { pods: { ip: string; cause: string }[] }).pods);
    console.log(`fleet: ${pods.length} emulated sidecars listening in ${Date.now() - t0} ms (two separate processes)`);
    const inventory = pods.map((p, i) => ({ namespace: `ns-${i % 20}`, name: `pod-${i}`, ip: p.ip }));

    const heapBefore = heapMb();
    let reports = 0;
    const sweeper = new SidecarSweeper({ pods: async () => inventory, intervalMs: 0, onReport: () => reports++ });
    const warm = await sweeper.sweepNow();
    const durations: number[] = [];
    const floors: number[] = [];
    const socketFloors: number[] = [];
    const loads: string[] = [];
    // Interleaved with the floors so machine load (shared, 2 cores) hits all alike.
    for (let i = 0; i < RUNS; i++) {
      loads.push(load1());
      durations.push((await sweeper.sweepNow()).durationMs);
      floors.push(await floorRun(pods, bareHttp));
      socketFloors.push(await floorRun(pods, bareSocket));
    }
    const heapAfter = heapMb();
    // Every pod's cause must be the one the fleet process gave it; a miss (e.g. a probe that timed
    // out under load) is counted and shown, never hidden.
    const misses = new Map<string, number>();
    pods.forEach((p, i) => {
      const got = sweeper.current.get(`ns-${i % 20}/pod-${i}`)?.cause;
      if (got !== p.cause) misses.set(`${p.cause}→${got}`, (misses.get(`${p.cause}→${got}`) ?? 0) + 1);
    });
    const missed = [...misses.values()].reduce((a, b) => a + b, 0);

    const floor = median(floors);
    const socketFloor = median(socketFloors);

    // Baseline: what a person does today, one `curl` per pod, one after the other.
    const sample = pods.slice(0, CURL_SAMPLE);
    const c0 = performance.now();
    for (const p of sample) spawnSync('curl', ['-s', '-o', '/dev/null', '-m', '2', '-w', '%{http_code}', `http://${p.ip}:15021/healthz/ready`]);
    const curlMs = performance.now() - c0;
    const curlExtrapolated = (curlMs / CURL_SAMPLE) * N;

    const best = Math.min(...durations);
    const med = median(durations);
    console.log(`causes right: ${pods.length - missed}/${pods.length}${missed ? ` (misses ${JSON.stringify(Object.fromEntries(misses))})` : ''}`);
    console.log(
      `first sweep (pilot-agent caches filling): ${warm.durationMs} ms, ${warm.ready}/${warm.total} ready; ${reports} report(s) sent (1 full, then changes only)`,
    );
    console.log(
      `| health: one agent sweeping ${N.toLocaleString('en')} sidecars (concurrency 128) | median ${med} ms (best ${best}; runs ${durations.join(', ')} at load ${loads.join(', ')}) | sequential curl: ${curlMs.toFixed(0)} ms for ${CURL_SAMPLE} → ${(curlExtrapolated / 1000).toFixed(1)} s for ${N.toLocaleString('en')} | ${(curlExtrapolated / med).toFixed(1)}× faster | ≤ 2 s | ${med <= 2000 ? 'yes' : '**no**'} |`,
    );
    console.log(
      `| health: floor — bare node:http GET of the same ${N.toLocaleString('en')} URLs, concurrency 128 | median ${floor} ms (runs ${floors.join(', ')}) | — | sweeper/floor ${(med / floor).toFixed(2)} | — | — |`,
    );
    console.log(
      `| health: floor — bare socket exchange (connect, GET, read to close), same URLs | median ${socketFloor} ms (runs ${socketFloors.join(', ')}) | — | sweeper/floor ${(med / socketFloor).toFixed(2)} | — | — |`,
    );
    console.log(
      `| health: agent's extra heap holding ${N.toLocaleString('en')} pods' results | ${(heapAfter - heapBefore).toFixed(1)} MB (${(((heapAfter - heapBefore) * 1e6) / N / 1024).toFixed(2)} KiB/pod) | — | — | — | — |`,
    );
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}; node ${process.version}; ${new Date().toISOString()}`,
    );
  } finally {
    for (const fleet of fleets) {
      fleet.stdin!.end();
      fleet.kill();
    }
  }
}

await main();
