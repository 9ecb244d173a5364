import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic as writeAtomic } from '../fs/index.js';

export { fsyncDir } from '../fs/index.js';

/** Temp files the agent writes next to their target: `<file>.tmp-<pid>`. */
const TEMP = /\.tmp-(\d+)$/;

/** The temp name a process uses for `file`. */
export function tempName(file: string, pid = process.pid): string {
  return `${file}.tmp-${pid}`;
}

/**
 * Replaces `file` with `data` atomically (see src/fs) under the agent's temp name, so a crash leaves
 * at most a `*.tmp-<pid>` file that sweepTempFiles recognises. Files holding keys pass mode 0o600.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o644): Promise<void> {
  await writeAtomic(file, data, { mode, tempName: basename(tempName(file)) });
}

/** A temp file is stale when the process that wrote it is gone (or is this one: a previous life with our pid). */
function stale(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes stale `*.tmp-<pid>` files left by a crash in the middle of a write, below `dir`
 * (dot-directories skipped unless `dir` itself is one). Returns the paths removed.
 */
export async function sweepTempFiles(dir: string, opts: { recursive: boolean }): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (opts.recursive && !e.name.startsWith('.')) removed.push(...(await sweepTempFiles(p, opts)));
      continue;
    }
    const m = TEMP.exec(e.name);
    if (m && e.isFile() && stale(Number(m[1]))) {
      await rm(p, { force: true });
      removed.push(p);
    }
  }
  return removed;
}
