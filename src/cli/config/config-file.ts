import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MeshError, TctlErrors } from '../../api/index.js';
import { writeFileAtomic } from '../../fs/index.js';
import { emptyConfig, parseConfig, serializeConfig, type TctlConfig } from './tctl-config.js';

/**
 * The config file path: `-c/--config`, else TCTL_CONFIG, else `$XDG_CONFIG_HOME/meshbridge/tctl.yaml`
 * (falling back to `~/.config/meshbridge/tctl.yaml`). Relative paths resolve against `cwd`.
 */
export function configPath(env: Readonly<Record<string, string | undefined>>, cwd: string, flag?: string): string {
  const explicit = flag || env.TCTL_CONFIG;
  if (explicit) return resolve(cwd, explicit);
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'meshbridge', 'tctl.yaml');
}

/** Reads the config; a missing file is an empty config. */
export async function loadConfig(path: string): Promise<TctlConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw new MeshError(TctlErrors.ConfigInvalid, `cannot read ${path}: ${(e as Error).message}`, { field: path });
  }
  return parseConfig(text, path);
}

/**
 * Writes the config atomically: a temp file in the same folder (mode 0600, fsynced) renamed over
 * the target, so a crash never leaves a half-written file and tokens are never world-readable.
 */
export async function saveConfig(path: string, config: TctlConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, serializeConfig(config), { mode: 0o600 });
}
