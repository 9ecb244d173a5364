import { mkdir, readFile, readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import { fsyncDir, sweepTempFiles, writeFileAtomic } from '../atomic-file.js';
import type { Sink, SinkError, SinkObject } from './sink.js';
import { CACERTS_KEY, foreignCacerts } from './foreign-cacerts.js';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Longest file name most file systems take (ext4, xfs, btrfs: 255 bytes). */
const MAX_FILE_NAME = 255;
/** Longest object file name: room left for the atomic write's `.tmp-<pid>` suffix. */
const MAX_OBJECT_FILE = MAX_FILE_NAME - 24;

/**
 * The file name of an object name: `<name>.yaml`, or — when that is longer than a file system
 * takes (a Kubernetes name may have 253 characters) — the name cut and suffixed with a hash of
 * the whole, so distinct names keep distinct files and the same name always the same file.
 */
export function fileNameOf(name: string): string {
  const plain = `${name}.yaml`;
  if (Buffer.byteLength(plain) <= MAX_OBJECT_FILE) return plain;
  return `${name.slice(0, MAX_OBJECT_FILE - 5 - 17)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}.yaml`;
}

/** The key a file stands for (the shortened name for shortened files), as `managedKeys` lists it. */
export function fileKeyOf(key: string): string {
  const [ns, kind, name] = key.split('/');
  return name === undefined ? key : `${ns}/${kind}/${fileNameOf(name).slice(0, -5)}`;
}

/** The file of an object key `namespace/Kind/name` below the cluster root, or an error text. */
export function objectPath(root: string, key: string): string | { error: string } {
  const parts = key.split('/');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p)))
    return { error: `object key ${JSON.stringify(key)} is not namespace/Kind/name with safe names` };
  if (parts[0] === '..' || parts[1] === '..' || Buffer.byteLength(parts[0]) > MAX_FILE_NAME || Buffer.byteLength(parts[1]) > MAX_FILE_NAME)
    return { error: `object key ${JSON.stringify(key)}: namespace or kind is not a usable folder name` };
  return join(root, parts[0], parts[1], fileNameOf(parts[2]));
}

/** File mode of an object: Secrets (istiod's cacerts carries a private key) are owner-only. */
export function modeOf(o: Record<string, unknown>): number {
  return o.kind === 'Secret' ? 0o600 : 0o644;
}

/** The YAML a file holds for an object (stable: the object is already canonical). */
export function renderYaml(o: Record<string, unknown>): string {
  return stringify(o, { lineWidth: 0 });
}

/**
 * GitOps sink: one YAML file per object at `<root>/<namespace>/<Kind>/<name>.yaml`, where root is
 * `<PATH>/<cluster>`. Writes are atomic and durable (temp file, fsync, rename, fsync of the folder), removed objects are pruned with
 * their emptied directories, and nothing outside the root or inside dot-directories is touched.
 */
export class DirectorySink implements Sink {
  readonly name = 'directory';

  constructor(readonly root: string) {}

  /** For istiod's cacerts Secret: why its file must be left alone (it holds one meshbridge did not write), else undefined. */
  private async foreignCacerts(key: string, p: string): Promise<string | undefined> {
    if (key !== CACERTS_KEY) return undefined;
    const text = await readFile(p, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (text === undefined) return undefined;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      doc = {};
    }
    return foreignCacerts(doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : {}, p);
  }

  private async write(o: SinkObject): Promise<void> {
    const p = objectPath(this.root, o.key);
    if (typeof p !== 'string') throw new Error(p.error);
    const foreign = await this.foreignCacerts(o.key, p);
    if (foreign) throw new Error(foreign);
    await mkdir(dirname(p), { recursive: true });
    await writeFileAtomic(p, renderYaml(o.object), modeOf(o.object));
  }

  private async remove(key: string): Promise<void> {
    const p = objectPath(this.root, key);
    if (typeof p !== 'string') return;
    const foreign = await this.foreignCacerts(key, p);
    if (foreign) throw new Error(foreign);
    await unlink(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await fsyncDir(dirname(p)).catch(() => undefined);
    // Remove emptied Kind and namespace folders, never the root itself.
    for (let d = dirname(p); d !== this.root && d.startsWith(this.root + sep); d = dirname(d)) {
      if (
        !(await rmdir(d).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
  }

  async apply(upserts: readonly SinkObject[], removes: readonly string[], full: boolean): Promise<SinkError[]> {
    const errors: SinkError[] = [];
    await mkdir(this.root, { recursive: true });
    for (const o of upserts) {
      try {
        await this.write(o);
      } catch (e) {
        errors.push({ key: o.key, fqn: o.fqn, message: (e as Error).message });
      }
    }
    // Compared as files: a shortened file lists under its shortened key.
    const keep = new Set(upserts.map((o) => fileKeyOf(o.key)));
    let gone: readonly string[] = removes;
    if (full) {
      try {
        gone = (await this.managedKeys()).filter((k) => !keep.has(k));
      } catch (e) {
        // Without the listing stale files cannot be pruned: fail the snapshot so it is retried.
        errors.push({ key: '*/*/*', fqn: '', message: `cannot list ${this.root} to prune: ${(e as Error).message}`, retry: true });
        gone = removes;
      }
    }
    const asked = new Set(removes);
    for (const k of gone) {
      try {
        // A foreign cacerts file found by the prune listing is left alone quietly (like any foreign
        // file); an explicit removal of it is refused per object.
        const p = objectPath(this.root, k);
        if (!asked.has(k) && typeof p === 'string' && (await this.foreignCacerts(k, p))) continue;
        await this.remove(k);
      } catch (e) {
        errors.push({ key: k, fqn: '', message: (e as Error).message });
      }
    }
    return errors;
  }

  async repair(held: readonly SinkObject[]): Promise<number> {
    await sweepTempFiles(this.root, { recursive: true });
    let fixed = 0;
    for (const o of held) {
      const p = objectPath(this.root, o.key);
      if (typeof p !== 'string' || (await this.foreignCacerts(o.key, p).catch(() => 'unreadable'))) continue;
      const current = await readFile(p, 'utf8').catch(() => undefined);
      const mode = await stat(p).then(
        (st) => st.mode & 0o777,
        () => undefined,
      );
      if (current === renderYaml(o.object) && mode === modeOf(o.object)) continue;
      await this.write(o);
      fixed++;
    }
    return fixed;
  }

  /** Keys of every object file under the root (dot-directories such as the state cache skipped). */
  async managedKeys(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      // A missing root is empty; any other failure must not read as "nothing to prune".
      const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return [];
        throw e;
      });
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.yaml')) {
          const parts = relative(this.root, p).split(sep);
          if (parts.length === 3) out.push(`${parts[0]}/${parts[1]}/${parts[2].slice(0, -5)}`);
        }
      }
    };
    await walk(this.root);
    return out.sort();
  }
}
