// Starts a real `meshbridge server` and runs the real `tctl` binary against it (dist/ under
// `npm test`, the TypeScript entry points through tsx while developing).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binCommand } from '../support/bins.js';

/** A running management plane. */
export interface RunningServer {
  readonly address: string;
  readonly caFile: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** What one tctl run printed and returned. */
export interface TctlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `meshbridge server` on a free loopback port with a fresh data dir; resolves once it listens. */
export function startServer(dataDir: string, adminPassword: string): Promise<RunningServer> {
  return startMeshbridge(
    ['server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--agent-listen', '127.0.0.1:0', '--admin-password', adminPassword, '--log-level', 'warn'],
    dataDir,
  );
}

/** Runs a `meshbridge` command that starts the server; resolves once it listens (and `until` matched). */
export async function startMeshbridge(argv: readonly string[], dataDir: string, until = /CA certificate: /): Promise<RunningServer> {
  const { command, args } = binCommand('meshbridge');
  const child = spawn(command, [...args, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c) => (err += String(c)));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`meshbridge server did not listen within 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout?.on('data', (c) => {
      out += String(c);
      const m = /listening on https?:\/\/(\S+?)\s/.exec(out);
      if (m && /CA certificate: /.test(out) && until.test(out)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`meshbridge server exited with ${code} before listening:\n${out}\n${err}`));
    });
  });
  const caFile = /CA certificate: (\S+)/.exec(out)?.[1] as string;
  return { address, caFile, dataDir, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the tctl binary; `prefix` wraps it (e.g. `unshare --net`). */
export function tctl(
  args: readonly string[],
  opts: { env: Record<string, string>; stdin?: string; cwd?: string; prefix?: readonly string[] },
): Promise<TctlResult> {
  const { command, args: base } = binCommand('tctl');
  const argv = [...(opts.prefix ?? []), command, ...base, ...args];
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: opts.env.HOME ?? tmpdir(), ...opts.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += String(c)));
  child.stderr.on('data', (c) => (stderr += String(c)));
  child.stdin.end(opts.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tctl ${args.join(' ')} did not finish within 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** A temp folder removed after the test. */
export async function tempDir(t: { after(fn: () => Promise<void>): void }, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
