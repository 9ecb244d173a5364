// REST read throughput of `meshbridge server` against a bare node:http hello-world server, both
// over plain HTTP on loopback in the same run, loaded from a separate process with a bounded number
// of keep-alive connections. Cases alternate in rounds (the shared machine's load drifts) and
// medians are compared. Run: npm run build && node scripts/run-bench.mjs server
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { binCommand } from '../test/support/bins.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TENANTS = 100;
const root = new URL('..', import.meta.url).pathname;

/** Runs the load generator in its own process (async: the bare server lives in this one). */
function load(url: string, headers: Record<string, string>): Promise<{ rps: number; errors: number; requests: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', '_http-load.ts'), url, String(SECONDS), String(CONCURRENCY), JSON.stringify(headers)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { rps: number; errors: number; requests: number }) : reject(new Error(`load generator failed: ${err}`))));
  });
}

async function startMeshbridge(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { command, args } = binCommand('meshbridge');
  const proc = spawn(command, [...args, 'server', '--data-dir', dir, '--listen', '127.0.0.1:0', '--agent-listen', 'off', '--insecure-http', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, stop: () => new Promise((resolve) => (proc.once('exit', () => resolve()), proc.kill('SIGTERM'))) };
}

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-'));
  const mb = await startMeshbridge(dir);
  console.log(`meshbridge server at ${mb.url}; creating ${TENANTS} tenants`);
  try {
    const password = readFileSync(join(dir, 'admin-password'), 'utf8').trim();
    const basic = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
    for (let i = 0; i < TENANTS; i++) await call(`${mb.url}/v2/organizations/tetrate/tenants`, 'POST', basic, { name: `t${String(i).padStart(3, '0')}`, tenant: { displayName: `Tenant ${i}` } });
    const { accessToken } = (await call(`${mb.url}/v2/auth/login`, 'POST', {}, { username: 'admin', password })) as { accessToken: string };
    const bearer = { authorization: `Bearer ${accessToken}` };
    console.log('setup done; measuring');
    const cases: Record<string, { url: string; headers: Record<string, string> }> = {
      'bare node:http hello world': { url: bareUrl, headers: {} },
      'GET one tenant (bearer token)': { url: `${mb.url}/v2/organizations/tetrate/tenants/t042`, headers: bearer },
      'GET list of 100 tenants (bearer token)': { url: `${mb.url}/v2/organizations/tetrate/tenants`, headers: bearer },
      'GET one tenant (Basic)': { url: `${mb.url}/v2/organizations/tetrate/tenants/t042`, headers: basic },
    };
    const rates: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, c] of Object.entries(cases)) {
        const res = await load(c.url, c.headers);
        if (res.errors > 0) throw new Error(`${name}: ${res.errors} errors of ${res.requests}`);
        rates[name].push(res.rps);
        console.log(`round ${r + 1} ${name}: ${res.rps.toFixed(0)} req/s (${res.requests} requests)`);
      }
    }
    const base = median(rates['bare node:http hello world']);
    console.log(`\n${ROUNDS} rounds × ${SECONDS} s, ${CONCURRENCY} keep-alive connections, plain HTTP on loopback\n`);
    console.log('| case | median req/s | ratio to bare node:http |\n|---|---:|---:|');
    for (const name of Object.keys(cases)) console.log(`| ${name} | ${median(rates[name]).toFixed(0)} | ${(median(rates[name]) / base).toFixed(2)} |`);
    const single = median(rates['GET one tenant (bearer token)']) / base;
    console.log(`\nsingle read: ${(single * 100).toFixed(0)}% of bare node:http (target ≥ 40%)`);
  } finally {
    await mb.stop();
    bare.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
