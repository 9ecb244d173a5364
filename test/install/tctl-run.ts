import { spawn } from 'node:child_process';
import { binCommand, projectRoot } from '../support/bins.js';

/** What one run of the real tctl binary produced. */
export interface TctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `tctl` with args (and optional stdin); resolves when it exits. */
export function runTctl(args: readonly string[], stdin?: string, cwd = projectRoot, env: Record<string, string> = {}): Promise<TctlResult> {
  const { command, args: pre } = binCommand('tctl');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...pre, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
