// In-memory Io for tests: stdin from a string, stdout/stderr captured, env and cwd given.
import { PassThrough, Readable, Writable } from 'node:stream';
import type { Io } from '../command/index.js';
import { tctl } from './main.js';

/** What one in-process tctl run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs tctl in-process with the given env (HOME-less: pass TCTL_CONFIG) and stdin. */
export async function runTctl(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  stdin = '',
  cwd = process.cwd(),
  tty = false,
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({
    write(c, _e, cb) {
      stdout += String(c);
      cb();
    },
  });
  const err = new Writable({
    write(c, _e, cb) {
      stderr += String(c);
      cb();
    },
  });
  const input: Readable & { isTTY?: boolean } = stdin === '' ? Readable.from([]) : toStream(stdin);
  // A terminal on stdin only as a flag: commands that ask whether a person is there (edit) see one.
  if (tty) input.isTTY = true;
  const io: Io = { stdin: input, stdout: out, stderr: err, env, cwd };
  const code = await tctl(argv, io);
  return { code, stdout, stderr };
}

function toStream(text: string): Readable {
  const s = new PassThrough();
  s.end(text);
  return s;
}
