// Test code: an in-memory Io for running commands in unit tests (stdin empty, output captured).
import { Readable, Writable } from 'node:stream';
import type { Io } from './io.js';

/** An Io whose stdout and stderr are collected as text; `cwd` is where relative paths resolve. */
export function memoryIo(cwd = '/'): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(c, _e, cb) {
        append(String(c));
        cb();
      },
    });
  const io: Io = { stdin: Readable.from([]), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd };
  return { io, out: () => out, err: () => err };
}
