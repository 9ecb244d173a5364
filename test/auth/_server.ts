// Starts the real `meshbridge server` (binCommand) on a loopback port with a temporary data
// directory and talks HTTPS to it with the CA it generated. Stopped and cleaned up by `stop`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresUrl } from '../support/shared.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binCommand } from '../support/bins.js';

/** One HTTP answer. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
}

/** A running server and a request function bound to it. */
export interface AuthTestServer {
  readonly url: string;
  call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

/** Starts `meshbridge server --organization o` with `adminPassword` (on SQLite, or on a fresh PostgreSQL schema); resolves once it listens. */
export async function startAuthServer(adminPassword: string, opts: { backend?: 'sqlite' | 'postgres' } = {}): Promise<AuthTestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mb-authz-'));
  const schema = opts.backend === 'postgres' ? `mbauthz_${randomBytes(5).toString('hex')}` : undefined;
  const database: string[] = [];
  if (schema) {
    const u = new URL(postgresUrl());
    u.searchParams.set('schema', schema);
    database.push('--database', u.toString());
  }
  const { command, args } = binCommand('meshbridge');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MESHBRIDGE_')) env[k] = v;
  if (process.env.MESHBRIDGE_TEST_DIST) env.MESHBRIDGE_TEST_DIST = process.env.MESHBRIDGE_TEST_DIST;
  const argv = [
    ...args,
    'server',
    '--data-dir',
    dataDir,
    '--listen',
    '127.0.0.1:0',
    '--agent-listen',
    'off',
    '--organization',
    'o',
    '--admin-password',
    adminPassword,
    '--log-level',
    'warn',
    ...database,
  ];
  const proc = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const cleanup = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const admin = new pg.Client({ connectionString: postgresUrl() });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  };
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`meshbridge server did not start within 60 s:\n${out}`)), 60_000);
      proc.stdout.on('data', () => {
        const m = /listening on (https:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`meshbridge server exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8') });
  const call: AuthTestServer['call'] = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const h = { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
      const req = request(`${url}${path}`, { method, headers: h, agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return {
    url,
    call,
    async stop() {
      agent.destroy();
      await cleanup();
    },
  };
}

/** `Authorization: Basic …`. */
export function basicHeader(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
