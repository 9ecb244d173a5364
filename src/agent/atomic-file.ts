import { open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Temp files the agent writes next to their target: `<file>.tmp-<pid>`. */
const TEMP = /\.tmp-(\d+)$/;

/** The temp name a process uses for `file`. */
export function tempName(file: string, pid = process.pid): string {
  return `${file}.tmp-${pid}`;
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `file` with `data` so that a reader (or a machine after power loss) sees either the old
 * or the new content, never a torn or empty file: write a temp file, fsync it, rename it over the
 * target, fsync the directory so the rename itself is durable. On failure the temp file is removed,
 * so nothing half-written is left in a GitOps tree.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = tempName(file);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dirname(file));
}

/** fsyncs a directory (its entries: renames, unlinks); filesystems that cannot are skipped. */
export async function fsyncDir(dir: string): Promise<void> {
  await fsyncPath(dir, 'r').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EINVAL' && e.code !== 'EISDIR' && e.code !== 'EPERM' && e.code !== 'EBADF') throw e;
  });
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
