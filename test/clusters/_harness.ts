// Real processes for the cluster suites: `meshbridge server`, `meshbridge agent` and `tctl`, on
// loopback ports chosen up front so the agent listener's address is known without parsing logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { binCommand } from '../support/bins.js';

/** A free loopback TCP port (closed again before use; good enough on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A temp folder removed after the test. */
export async function tempDir(t: { after(fn: () => Promise<void>): void }, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A child process with its output captured and line-parsed. */
export class Proc {
  out = '';
  err = '';
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];

  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.stdout?.on('data', (c) => this.feed('out', String(c)));
    child.stderr?.on('data', (c) => this.feed('err', String(c)));
    child.on('exit', () => this.check());
  }

  private feed(which: 'out' | 'err', text: string): void {
    if (which === 'out') this.out += text;
    else this.err += text;
    this.check();
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** JSON log lines printed so far. */
  logs(): Record<string, unknown>[] {
    return this.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Resolves when `pred` holds on the output (checked on every chunk). */
  waitFor(pred: () => boolean, what: string, ms = 30_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: ${what} not seen within ${ms} ms\nstdout:\n${this.out.slice(-3000)}\nstderr:\n${this.err.slice(-3000)}`)),
        ms,
      );
      this.waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(t);
  }

  /** kill -9. */
  async kill9(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGKILL');
    await done;
  }
}

/** A running management plane with its agent listener. */
export interface Mp {
  readonly proc: Proc;
  readonly address: string;
  readonly agentAddress: string;
  readonly caFile: string;
}

/** Starts `meshbridge server` on given (or free) ports and waits until it listens. */
export async function startServer(o: {
  dataDir: string;
  password: string;
  port?: number;
  agentPort?: number;
  database?: string;
  logLevel?: string;
}): Promise<Mp> {
  const port = o.port ?? (await freePort());
  const agentPort = o.agentPort ?? (await freePort());
  const { command, args } = binCommand('meshbridge');
  const argv = [
    ...args,
    'server',
    '--data-dir',
    o.dataDir,
    '--listen',
    `127.0.0.1:${port}`,
    '--agent-listen',
    `127.0.0.1:${agentPort}`,
    '--admin-password',
    o.password,
    '--log-level',
    o.logLevel ?? 'warn',
  ];
  if (o.database) argv.push('--database', o.database);
  const proc = new Proc(spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] }), `server:${port}`);
  await proc.waitFor(() => /CA certificate: \S+/.test(proc.out) || proc.exited, 'listening', 60_000);
  if (proc.exited) throw new Error(`server exited:\n${proc.out}\n${proc.err}`);
  const caFile = /CA certificate: (\S+)/.exec(proc.out)?.[1] as string;
  return { proc, address: `127.0.0.1:${port}`, agentAddress: `127.0.0.1:${agentPort}`, caFile };
}

/** Starts `meshbridge agent` with a directory sink and a file inventory. */
export function startAgent(o: {
  cluster: string;
  jwk: string;
  mp: Mp;
  sinkDir: string;
  inventory: string;
  stateDir?: string;
  managementPlane?: string;
  extra?: readonly string[];
}): Proc {
  const { command, args } = binCommand('meshbridge');
  const argv = [
    ...args,
    'agent',
    '--management-plane',
    o.managementPlane ?? o.mp.agentAddress,
    '--cluster',
    o.cluster,
    '--credentials',
    o.jwk,
    '--ca-file',
    o.mp.caFile,
    '--sink',
    `directory:${o.sinkDir}`,
    '--inventory',
    `file:${o.inventory}`,
  ];
  if (o.stateDir) argv.push('--state-dir', o.stateDir);
  if (o.extra) argv.push(...o.extra);
  return new Proc(spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] }), `agent:${o.cluster}`);
}

/** Runs tctl with a private config file; rejects on a non-zero exit unless `allowFail`. */
export async function tctl(
  env: Record<string, string>,
  args: readonly string[],
  stdin = '',
  allowFail = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: base } = binCommand('tctl');
  const child = spawn(command, [...base, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  const p = new Proc(child, `tctl ${args.join(' ')}`);
  child.stdin?.end(stdin);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0 && !allowFail) throw new Error(`tctl ${args.join(' ')} exited ${code}:\n${p.out}\n${p.err}`);
  return { code, stdout: p.out, stderr: p.err };
}

/** Points a fresh tctl config at the server as admin; returns the env to run tctl with. */
export async function tctlProfile(dir: string, mp: Mp, password: string): Promise<Record<string, string>> {
  const env = { HOME: dir, TCTL_CONFIG: join(dir, 'tctl.yaml') };
  await tctl(env, ['config', 'clusters', 'set', 'local', '--bridge-address', mp.address, '--tls-custom-ca-file', mp.caFile]);
  await tctl(env, ['config', 'users', 'set', 'admin', '--org', 'tetrate', '--username', 'admin', '--password', password]);
  await tctl(env, ['config', 'profiles', 'set', 'local', '--cluster', 'local', '--username', 'admin']);
  await tctl(env, ['config', 'profiles', 'set-current', 'local']);
  return env;
}

/** Every object file under a cluster's sink folder, as `namespace/Kind/name` (dot-folders skipped). */
export async function sinkKeys(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out.push(
          relative(root, p)
            .split(sep)
            .join('/')
            .replace(/\.yaml$/, ''),
        );
    }
  };
  await walk(root);
  return out.sort();
}

/** Writes a file inventory. */
export async function writeInventory(file: string, namespaces: readonly string[]): Promise<void> {
  await writeFile(
    file,
    JSON.stringify({ namespaces, services: namespaces.map((ns) => ({ namespace: ns, name: 'web', ports: [{ name: 'http', port: 80 }] })) }),
  );
}

/** Reads one object file. */
export function readObject(root: string, key: string): Promise<string> {
  return readFile(join(root, `${key}.yaml`), 'utf8');
}

/** Polls `check` every 50 ms until it returns true (bounded); for state only visible on disk or over REST. */
export async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
