// The one place that prints an error: every binary's failures, and the per-object failures of
// commands that go on after one object fails (apply, delete -f, validate), look alike.
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';
// The error catalogue's own surface: importing src/api/index.ts would load the schemas (TypeBox,
// ajv) on every start-up, and tctl must start fast.
import { MeshError } from '../api/errors/index.js';

/** What to print before the message (`web (a.yaml)`) and whether a stack trace is wanted. */
export interface ReportOptions {
  readonly subject?: string;
  readonly debug?: boolean;
  /** For usage errors: the command whose help to point at. */
  readonly commandPath?: string;
  /** Name the field at fault after the message (validate's per-document lines). */
  readonly showField?: boolean;
}

/** Prints `Error: …` with the code and the fix; returns the exit code (2 for usage errors, else 1). */
export function reportError(io: Io, e: unknown, opts: ReportOptions = {}): number {
  const head = `Error: ${opts.subject ? `${opts.subject}: ` : ''}`;
  if (e instanceof UsageError) {
    io.stderr.write(`${head}${e.message}\n`);
    if (opts.commandPath) io.stderr.write(`Run '${opts.commandPath} --help' for usage.\n`);
    return 2;
  }
  if (e instanceof MeshError) {
    io.stderr.write(`${head}${e.message}${opts.showField && e.field ? ` (field ${e.field})` : ''} [${e.code}]\n`);
    if (e.fix) io.stderr.write(`${opts.subject ? '  ' : ''}Fix: ${e.fix}\n`);
  } else {
    io.stderr.write(`${head}${e instanceof Error ? e.message : String(e)}\n`);
  }
  if (opts.debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
  return 1;
}
