import { execFile } from 'node:child_process';
import { chmod, copyFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniErrorTexts } from '../cni-fault.js';
import { CniFault } from '../cni-fault.js';
import { atomicWrite, readIfExists, TMP_PREFIX } from './fs-atomic.js';

/** Names of what the installer puts into the CNI bin directory. */
export const BinNames = {
  /** The executable the runtime runs (the conflist entry's `type`): a POSIX sh launcher. */
  launcher: 'meshbridge-cni',
  /** The bundled plugin (dist/meshbridge-cni.js); `.mjs` because the bin dir has no package.json saying "module". */
  bundle: 'meshbridge-cni.mjs',
  /** A copy of the installer's Node.js binary when --node-binary is `copy`. */
  node: 'meshbridge-cni.node',
  /** The catalogue's CNI titles and fixes, read by the plugin only when it reports an error. */
  errors: 'meshbridge-cni-errors.json',
} as const;

/** Where the plugin comes from and which Node runs it. */
export interface PluginBinaryOptions {
  readonly binDir: string;
  readonly bundleSource: string;
  /** `copy` to copy `nodeSource` next to the plugin, or an absolute path of a Node binary on the host. */
  readonly node: 'copy' | string;
  readonly nodeSource: string;
  /** Catalogue excerpt to ship beside the plugin (the plugin does not load src/api). */
  readonly errorTexts?: CniErrorTexts;
}

/**
 * The launcher. `${0%/*}` is the directory the runtime found us in (no fork of dirname), so the same
 * script works whatever path the bin directory is mounted at in the installer's container.
 */
export function renderLauncher(o: PluginBinaryOptions): string {
  const node = o.node === 'copy' ? `"\${0%/*}/${BinNames.node}"` : `'${o.node.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# meshbridge-cni launcher, written by `meshbridge cni install`; runs the bundled CNI plugin with Node.js.',
    `exec ${node} "\${0%/*}/${BinNames.bundle}" "$@"`,
    '',
  ].join('\n');
}

/**
 * Installs launcher, bundle and (optionally) Node into the bin dir, each only when it differs, each
 * atomically (a runtime may exec the plugin at any moment). Returns the names it (re)wrote.
 */
export async function installPluginBinary(o: PluginBinaryOptions): Promise<string[]> {
  const written: string[] = [];
  const bundle = await readIfExists(o.bundleSource);
  if (!bundle) throw new CniFault('CniPluginSourceMissing', `plugin bundle ${o.bundleSource} not found`, { field: '--plugin-source' });
  const put = async (name: string, data: Buffer | string, mode: number): Promise<void> => {
    const path = join(o.binDir, name);
    const old = await readIfExists(path);
    if (old && old.equals(Buffer.from(data))) return;
    await atomicWrite(path, data, mode);
    written.push(name);
  };
  await put(BinNames.bundle, bundle, 0o644);
  if (o.errorTexts) await put(BinNames.errors, JSON.stringify(o.errorTexts, null, 2) + '\n', 0o644);
  if (o.node === 'copy') await copyNode(o, written);
  await put(BinNames.launcher, renderLauncher(o), 0o755);
  return written;
}

async function copyNode(o: PluginBinaryOptions, written: string[]): Promise<void> {
  const dest = join(o.binDir, BinNames.node);
  const src = await stat(o.nodeSource);
  const cur = await stat(dest).catch(() => undefined);
  // ~100 MB: compare size and mtime (we copy the mtime over) instead of the bytes on every rescan.
  if (cur && cur.size === src.size && Math.trunc(cur.mtimeMs) === Math.trunc(src.mtimeMs)) return;
  const tmp = join(o.binDir, `${TMP_PREFIX}${BinNames.node}`);
  await copyFile(o.nodeSource, tmp);
  await utimes(tmp, src.atime, src.mtime);
  await chmod(tmp, 0o755);
  await rename(tmp, dest);
  written.push(BinNames.node);
}

/** Removes everything installPluginBinary wrote. */
export async function removePluginBinary(binDir: string): Promise<void> {
  await Promise.all(Object.values(BinNames).map((n) => rm(join(binDir, n), { force: true })));
}

/**
 * Runs the installed launcher with CNI_COMMAND=VERSION. A chained plugin that cannot start makes
 * every pod sandbox on the node fail, so the installer chains only after this passes.
 */
export function verifyPluginBinary(binDir: string, timeoutMs = 15_000): Promise<void> {
  const bin = join(binDir, BinNames.launcher);
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      [],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CNI_COMMAND: 'VERSION' }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        let ok = false;
        try {
          ok = Array.isArray((JSON.parse(stdout) as { supportedVersions?: unknown }).supportedVersions);
        } catch {
          ok = false;
        }
        if (!err && ok) return resolve();
        reject(
          new CniFault(
            'CniPluginBroken',
            `${bin} VERSION self-test failed: ${(err?.message ?? '').split('\n')[0]} ${stderr.trim().slice(0, 300)} ${stdout.trim().slice(0, 200)}`.trim(),
            { field: '--node-binary' },
          ),
        );
      },
    );
    // A binary that exits at once closes its stdin: EPIPE here is expected, the callback reports it.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end('{"cniVersion":"1.0.0"}');
  });
}
