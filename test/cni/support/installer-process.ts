// Runs `meshbridge cni install` as a daemon for the installer suite and reads its readiness endpoint.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { binCommand } from '../../support/bins.js';

export interface RunningInstaller {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: string[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts the daemon with `--health-address 127.0.0.1:0` and resolves once its endpoint is known. */
export function startInstaller(args: readonly string[], env: Record<string, string> = {}): Promise<RunningInstaller> {
  const { command, args: pre } = binCommand('meshbridge');
  const child = spawn(command, [...pre, 'cni', 'install', '--health-address', '127.0.0.1:0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        logs.push(line);
        const m = /"readyz":"([^"]+)"/.exec(line);
        if (m) resolve({ child, url: m[1].replace('/readyz', ''), logs, stop: (sig) => (child.kill(sig), exited) });
      }
    });
    void exited.then((code) => reject(new Error(`installer exited (${code}) before serving: ${logs.join('\n')}`)));
  });
}

/** GET a path of the readiness endpoint: status and JSON body. */
export async function getState(url: string, path = '/state'): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url + path);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 5,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
