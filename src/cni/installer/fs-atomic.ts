import { randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../fs/index.js';
import type { ConfFile } from './cni-conf.js';
import { isConfName } from './cni-conf.js';

/** Prefix of our temp files: dot-files with no .conf/.conflist suffix, so kubelet never loads one. */
export const TMP_PREFIX = '.meshbridge-cni-tmp-';

/**
 * Writes `data` to `path` atomically (src/fs): a temp file in the same directory, chmod, write,
 * fsync, rename. A crash at any point leaves either the old or the new file, never a partial one;
 * the temp name starts with TMP_PREFIX so removeStaleTemps finds it and kubelet never loads it.
 */
export async function atomicWrite(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  await writeFileAtomic(path, data, { mode, tempName: `${TMP_PREFIX}${basename(path)}.${randomBytes(4).toString('hex')}` });
}

/** The file's permission bits, or undefined when it does not exist. */
export async function fileMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Reads every candidate CNI config file of the directory (unreadable ones come back empty: invalid). */
export async function readConfDir(dir: string): Promise<ConfFile[]> {
  const names = (await readdir(dir)).filter(isConfName);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8').catch(() => '') })));
}

/** Removes temp files a crashed run of ours may have left. */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(TMP_PREFIX)).map((n) => rm(join(dir, n), { force: true })));
}

/** Reads a file or returns undefined when it does not exist. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** chmod that tolerates a missing file. */
export async function chmodIfExists(path: string, mode: number): Promise<void> {
  await chmod(path, mode).catch(() => undefined);
}
