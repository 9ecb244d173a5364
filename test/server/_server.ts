// Starts the real `meshbridge server` process for end-to-end suites and talks HTTPS to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { binCommand } from '../support/bins.js';
import { httpsJson } from '../support/https-json.js';
import { postgresUrl } from '../support/shared.js';

export interface Res {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Parsed JSON body (undefined when the body is not JSON). */
  readonly json: Record<string, unknown>;
}

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  readonly caFile: string;
  readonly ca: string;
  readonly password: string;
  readonly stdout: () => string;
  readonly proc: ChildProcess;
  request(method: string, path: string, body?: unknown, opts?: { auth?: string | null; headers?: Record<string, string>; raw?: string }): Promise<Res>;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill9(): Promise<void>;
}

/** A temporary data directory, removed by `cleanup`. */
export function tempDir(prefix = 'mb-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const schemas: string[] = [];

/** A PostgreSQL URL selecting a fresh schema (dropped by `dropSchemas`). */
export function freshPostgres(): string {
  const schema = `mbsrv_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  const u = new URL(postgresUrl());
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** Drops every schema `freshPostgres` handed out. */
export async function dropSchemas(): Promise<void> {
  if (schemas.length === 0) return;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await admin.end();
  }
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

/** Starts `meshbridge server` on a random loopback port and waits for its "listening on" line. */
export async function startServer(opts: {
  dataDir: string;
  database?: string;
  args?: readonly string[];
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const { command, args } = binCommand('meshbridge');
  const argv = [
    ...args,
    'server',
    '--data-dir',
    opts.dataDir,
    '--listen',
    '127.0.0.1:0',
    '--agent-listen',
    'off',
    '--log-level',
    'warn',
    ...(opts.database ? ['--database', opts.database] : []),
    ...(opts.args ?? []),
  ];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MESHBRIDGE_')) env[k] = v;
  if (process.env.MESHBRIDGE_TEST_DIST) env.MESHBRIDGE_TEST_DIST = process.env.MESHBRIDGE_TEST_DIST;
  const proc = spawn(command, argv, { env: { ...env, ...(opts.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s\nstdout:\n${out}\nstderr:\n${err}`)), 60_000);
    const check = (): void => {
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
  const caFile = join(opts.dataDir, 'tls', 'ca.crt');
  const tlsOn = url.startsWith('https:');
  const ca = tlsOn ? readFileSync(caFile, 'utf8') : '';
  const password = readFileSync(join(opts.dataDir, 'admin-password'), 'utf8').trim();
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca });
  const basic = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  const request: RunningServer['request'] = async (method, path, body, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const auth = o.auth === undefined ? basic : o.auth;
    if (auth !== null) headers.authorization = auth;
    const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (!tlsOn) throw new Error('plain HTTP not supported by this helper');
    return httpsJson(agent, `${url}${path}`, method, headers, payload);
  };
  return {
    url,
    dataDir: opts.dataDir,
    caFile,
    ca,
    password,
    stdout: () => out,
    proc,
    request,
    async stop() {
      agent.destroy();
      proc.kill('SIGTERM');
      return exited(proc);
    },
    async kill9() {
      agent.destroy();
      proc.kill('SIGKILL');
      await exited(proc);
    },
  };
}

/** Removes a temporary directory. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
