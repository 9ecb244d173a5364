import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MeshError, SecurityErrors } from '../api/index.js';

/** Where a repaired mode is reported. */
export interface DataDirLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** How deep the start-up check walks (data/tls/…, data/clusters/<c>/<ns>/<Kind>/…). */
const MAX_DEPTH = 6;

/**
 * Prepares the data directory before anything is written into it: the process umask becomes 077
 * (so the SQLite database, its -wal and -shm, keys and everything later created are 0600/0700
 * whatever the shell's umask), the directory is created 0700, a directory that another user can
 * write is refused (MB1200: whoever can write it can swap the database or the keys), and any
 * entry readable or writable by group/others is repaired to 0600/0700 with a warning. Returns the
 * repaired paths.
 */
export async function secureDataDir(dir: string, log: DataDirLog): Promise<string[]> {
  process.umask(0o077);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  if (!st.isDirectory()) {
    throw new MeshError(
      SecurityErrors.DataDirInsecure,
      `--data-dir ${dir} is not a directory (a symbolic link or a file); point --data-dir at a real directory`,
      { field: 'data-dir' },
    );
  }
  if ((st.mode & 0o022) !== 0) {
    throw new MeshError(
      SecurityErrors.DataDirInsecure,
      `--data-dir ${dir} has mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}: other users can write it; run chmod 0700 ${dir}`,
      { field: 'data-dir' },
    );
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid() && process.getuid() !== 0) {
    throw new MeshError(
      SecurityErrors.DataDirInsecure,
      `--data-dir ${dir} belongs to uid ${st.uid}, not to the user running meshbridge (uid ${process.getuid()}); chown it or choose another directory`,
      { field: 'data-dir' },
    );
  }
  const repaired = await repairModes(dir, 0);
  if (repaired.length > 0)
    log.warn(
      { dataDir: dir, repaired },
      `data directory: ${repaired.length} entr${repaired.length === 1 ? 'y was' : 'ies were'} readable by other users; modes set to 0600/0700`,
    );
  return repaired;
}

/** Sets 0700 on directories and 0600 on files that grant anything to group or others (symlinks untouched). */
async function repairModes(path: string, depth: number): Promise<string[]> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) return [];
  const repaired: string[] = [];
  if ((st.mode & 0o077) !== 0) {
    await chmod(path, st.isDirectory() ? 0o700 : 0o600);
    repaired.push(path);
  }
  if (st.isDirectory() && depth < MAX_DEPTH) {
    for (const name of await readdir(path)) repaired.push(...(await repairModes(join(path, name), depth + 1)));
  }
  return repaired;
}
