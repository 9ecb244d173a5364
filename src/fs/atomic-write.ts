import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How to write one file atomically. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file, set before any byte is written (default 0o644). */
  readonly mode?: number;
  /**
   * The temporary file's base name, in the target's directory (default `<name>.tmp-<pid>-<random>`).
   * Callers that sweep their own leftovers after a crash choose a name they can recognise.
   */
  readonly tempName?: string;
}

/** A file written under its temporary name, not yet in place. */
export interface PreparedWrite {
  readonly tempPath: string;
  /** Renames the temporary file over the target and fsyncs the directory. */
  commit(): Promise<void>;
  /** Removes the temporary file. */
  abort(): Promise<void>;
}

async function createExclusive(path: string, mode: number, retry: boolean): Promise<Awaited<ReturnType<typeof open>>> {
  try {
    return await open(path, 'wx', mode);
  } catch (e) {
    // Only a caller-chosen temp name can exist already: our own leftover from a crash. Replace it.
    if (!retry || (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    await rm(path, { force: true });
    return createExclusive(path, mode, false);
  }
}

/**
 * Writes `data` under a temporary name next to `file` (created exclusively with `mode`, written,
 * fsynced) and returns how to put it in place. On failure the temporary file is removed.
 */
export async function prepareAtomicWrite(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<PreparedWrite> {
  const mode = opts.mode ?? 0o644;
  const tempPath = join(dirname(file), opts.tempName ?? `${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const abort = (): Promise<void> => rm(tempPath, { force: true });
  try {
    const fh = await createExclusive(tempPath, mode, opts.tempName !== undefined);
    try {
      await fh.chmod(mode); // open's mode is filtered by the umask
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    await abort().catch(() => undefined);
    throw e;
  }
  return {
    tempPath,
    abort,
    async commit() {
      try {
        await rename(tempPath, file);
      } catch (e) {
        await abort().catch(() => undefined);
        throw e;
      }
      await fsyncDir(dirname(file));
    },
  };
}

/**
 * Replaces `file` with `data` so that a reader (or a machine after power loss) sees either the old
 * or the new content, never a torn or empty file: write a temp file, fsync it, rename it over the
 * target, fsync the directory so the rename itself is durable. Nothing half-written is left behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  await (await prepareAtomicWrite(file, data, opts)).commit();
}

/** fsyncs a directory (its entries: renames, unlinks); filesystems that cannot are skipped. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}
