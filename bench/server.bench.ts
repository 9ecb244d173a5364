// REST read throughput of `meshbridge server` against a bare node:http hello-world server, both
// over plain HTTP on loopback in the same run, loaded from a separate process with a bounded number
// of keep-alive connections. Cases alternate in rounds (the shared machine's load drifts) and
// medians are compared. Run: npm run build && node scripts/run-bench.mjs server
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
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
function load(url: string, headers: Record<string, string>, caFile?: string): Promise<{ rps: number; errors: number; requests: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'bench', '_http-load.ts'),
        url,
        String(SECONDS),
        String(CONCURRENCY),
        JSON.stringify(headers),
        ...(caFile ? [caFile] : []),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { rps: number; errors: number; requests: number }) : reject(new Error(`load generator failed: ${err}`)),
    );
  });
}

async function startMeshbridge(dir: string, tls = false): Promise<{ url: string; stop: () => Promise<void> }> {
  const { command, args } = binCommand('meshbridge');
  const proc = spawn(
    command,
    [...args, 'server', '--data-dir', dir, '--listen', '127.0.0.1:0', '--agent-listen', 'off', ...(tls ? [] : ['--insecure-http']), '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
  const r = await fetch(url, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Case {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The bare server this case is compared with (same transport). */
  readonly baseline: string;
  readonly caFile?: string;
}

async function setup(url: string, dir: string, tenants: number, ca?: string): Promise<{ basic: Record<string, string>; bearer: Record<string, string> }> {
  const password = readFileSync(join(dir, 'admin-password'), 'utf8').trim();
  const basic = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
  const post = (path: string, body: unknown, headers: Record<string, string>): Promise<Record<string, unknown>> =>
    ca ? callTls(`${url}${path}`, ca, headers, body) : call(`${url}${path}`, 'POST', headers, body);
  for (let i = 0; i < tenants; i++)
    await post('/v2/organizations/tetrate/tenants', { name: `t${String(i).padStart(3, '0')}`, tenant: { displayName: `Tenant ${i}` } }, basic);
  const { accessToken } = (await post('/v2/auth/login', { username: 'admin', password }, {})) as { accessToken: string };
  return { basic, bearer: { authorization: `Bearer ${accessToken}` } };
}

/** POST over HTTPS trusting `ca` (fetch cannot take a CA without undici's dispatcher). */
function callTls(url: string, ca: string, headers: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'POST', ca, headers: { ...headers, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () =>
        (res.statusCode ?? 500) < 300 ? resolve(JSON.parse(text) as Record<string, unknown>) : reject(new Error(`${url}: ${res.statusCode} ${text}`)),
      );
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function main(): Promise<void> {
  const hello = (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  };
  const bare = createServer(hello);
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-'));
  const tlsDir = mkdtempSync(join(tmpdir(), 'mb-bench-tls-'));
  const mb = await startMeshbridge(dir);
  const mbs = await startMeshbridge(tlsDir, true);
  // The bare HTTPS server uses the certificate meshbridge generated, so the handshake costs match.
  const bareTls = createHttpsServer({ cert: readFileSync(join(tlsDir, 'tls', 'server.crt')), key: readFileSync(join(tlsDir, 'tls', 'server.key')) }, hello);
  await new Promise<void>((r) => bareTls.listen(0, '127.0.0.1', r));
  const caFile = join(tlsDir, 'tls', 'ca.crt');
  const bareTlsUrl = `https://localhost:${(bareTls.address() as AddressInfo).port}/`;
  const tlsUrl = mbs.url.replace('127.0.0.1', 'localhost');
  console.log(`meshbridge server at ${mb.url} and ${tlsUrl}; creating ${TENANTS} tenants`);
  try {
    const { basic, bearer } = await setup(mb.url, dir, TENANTS);
    const secure = await setup(tlsUrl, tlsDir, 1, readFileSync(caFile, 'utf8'));
    console.log('setup done; measuring');
    const HTTP = 'bare node:http hello world';
    const HTTPS = 'bare node:https hello world';
    const cases: Record<string, Case> = {
      [HTTP]: { url: bareUrl, headers: {}, baseline: HTTP },
      'GET one tenant (bearer token)': { url: `${mb.url}/v2/organizations/tetrate/tenants/t042`, headers: bearer, baseline: HTTP },
      'GET list of 100 tenants (bearer token)': { url: `${mb.url}/v2/organizations/tetrate/tenants`, headers: bearer, baseline: HTTP },
      'GET one tenant (Basic)': { url: `${mb.url}/v2/organizations/tetrate/tenants/t042`, headers: basic, baseline: HTTP },
      [HTTPS]: { url: bareTlsUrl, headers: {}, baseline: HTTPS, caFile },
      'HTTPS: GET one tenant (bearer token)': { url: `${tlsUrl}/v2/organizations/tetrate/tenants/t000`, headers: secure.bearer, baseline: HTTPS, caFile },
    };
    const rates: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, c] of Object.entries(cases)) {
        const res = await load(c.url, c.headers, c.caFile);
        if (res.errors > 0) throw new Error(`${name}: ${res.errors} errors of ${res.requests}`);
        rates[name].push(res.rps);
        console.log(`round ${r + 1} ${name}: ${res.rps.toFixed(0)} req/s (${res.requests} requests)`);
      }
    }
    console.log(`\n${ROUNDS} rounds × ${SECONDS} s, ${CONCURRENCY} keep-alive connections, loopback\n`);
    console.log('| case | median req/s | baseline | ratio |\n|---|---:|---|---:|');
    for (const [name, c] of Object.entries(cases))
      console.log(`| ${name} | ${median(rates[name]).toFixed(0)} | ${c.baseline} | ${(median(rates[name]) / median(rates[c.baseline])).toFixed(2)} |`);
    const single = median(rates['GET one tenant (bearer token)']) / median(rates[HTTP]);
    console.log(`\nsingle read: ${(single * 100).toFixed(0)}% of bare node:http (target ≥ 40%)`);
  } finally {
    await mb.stop();
    await mbs.stop();
    bare.close();
    bareTls.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(tlsDir, { recursive: true, force: true });
  }
}

await main();
