// File helpers shared by `tctl x certs` and `tctl x ca`: read FILE|-, parse --at, write outputs
// all-or-nothing (every file to a temporary name first, renamed only when all were written).
import { readFile, mkdir, access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { MeshError, PkiErrors, CoreErrors } from '../../../../api/index.js';
import type { Io } from '../../../../command/index.js';
import { prepareAtomicWrite, type PreparedWrite } from '../../../../fs/index.js';

async function readStream(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Reads a file argument (or standard input for `-`); the error names the argument. */
export async function readInput(path: string, io: Io, what: string): Promise<Buffer> {
  if (path === '-') return readStream(io.stdin);
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MeshError(
      CoreErrors.InvalidInput,
      `${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`,
      { field: what },
    );
  }
}

/** Parses --at: RFC 3339 or epoch seconds; defaults to now. */
export function parseAt(v: unknown): Date {
  if (v === undefined) return new Date();
  const s = String(v);
  const d = /^\d+$/.test(s) ? new Date(Number(s) * 1000) : new Date(s);
  if (Number.isNaN(d.getTime()) || (!/^\d+$/.test(s) && !/^\d{4}-\d{2}-\d{2}/.test(s))) {
    throw new MeshError(PkiErrors.InvalidTime, `--at "${s}" is not a time`, { field: '--at' });
  }
  return d;
}

/** Writes every file or none: refuses to overwrite unless `force`, renames temporaries at the end. */
export async function writeAll(files: ReadonlyMap<string, string>, opts: { force: boolean; mode?: (path: string) => number }): Promise<void> {
  if (!opts.force) {
    for (const p of files.keys()) {
      const exists = await access(p).then(
        () => true,
        () => false,
      );
      if (exists) throw new MeshError(PkiErrors.OutputExists, `${p} already exists`, { field: p });
    }
  }
  const prepared: PreparedWrite[] = [];
  try {
    for (const [p, text] of files) {
      await mkdir(dirname(p), { recursive: true });
      prepared.push(await prepareAtomicWrite(p, text, { mode: opts.mode?.(p) ?? 0o644 }));
    }
    for (const w of prepared) await w.commit();
  } catch (e) {
    await Promise.all(prepared.map((w) => w.abort()));
    throw e;
  }
}
