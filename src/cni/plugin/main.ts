import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { runPlugin } from './run-plugin.js';

/**
 * Reads all of stdin. A synchronous read of fd 0 avoids setting up process.stdin's stream (a few ms
 * per pod); a non-blocking stdin (EAGAIN) falls back to the stream.
 */
async function readStdin(): Promise<string> {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** The meshbridge-cni executable: read stdin, run the CNI command, print only the result on stdout. */
export async function pluginMain(): Promise<void> {
  // VERSION may come without stdin (a terminal): do not wait for one then.
  const stdin = process.env.CNI_COMMAND === 'VERSION' && isatty(0) ? '' : await readStdin();
  const out = await runPlugin(process.env, stdin);
  if (out.stdout) process.stdout.write(out.stdout + '\n');
  process.exitCode = out.exitCode;
}
