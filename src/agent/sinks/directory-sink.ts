import { mkdir, readFile, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { stringify } from 'yaml';
import type { Sink, SinkError, SinkObject } from './sink.js';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The file of an object key `namespace/Kind/name` below the cluster root, or an error text. */
export function objectPath(root: string, key: string): string | { error: string } {
  const parts = key.split('/');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { error: `object key ${JSON.stringify(key)} is not namespace/Kind/name with safe names` };
  return join(root, parts[0], parts[1], `${parts[2]}.yaml`);
}

/** The YAML a file holds for an object (stable: the object is already canonical). */
export function renderYaml(o: Record<string, unknown>): string {
  return stringify(o, { lineWidth: 0 });
}

/**
 * GitOps sink: one YAML file per object at `<root>/<namespace>/<Kind>/<name>.yaml`, where root is
 * `<PATH>/<cluster>`. Writes are atomic (temp file + rename), removed objects are pruned with
 * their emptied directories, and nothing outside the root or inside dot-directories is touched.
 */
export class DirectorySink implements Sink {
  readonly name = 'directory';

  constructor(readonly root: string) {}

  private async write(o: SinkObject): Promise<void> {
    const p = objectPath(this.root, o.key);
    if (typeof p !== 'string') throw new Error(p.error);
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.tmp-${process.pid}`;
    await writeFile(tmp, renderYaml(o.object));
    await rename(tmp, p);
  }

  private async remove(key: string): Promise<void> {
    const p = objectPath(this.root, key);
    if (typeof p !== 'string') return;
    await unlink(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    // Remove emptied Kind and namespace folders, never the root itself.
    for (let d = dirname(p); d !== this.root && d.startsWith(this.root + sep); d = dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
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
    const keep = new Set(upserts.map((o) => o.key));
    const gone = full ? (await this.managedKeys()).filter((k) => !keep.has(k)) : removes;
    for (const k of gone) {
      try {
        await this.remove(k);
      } catch (e) {
        errors.push({ key: k, fqn: '', message: (e as Error).message });
      }
    }
    return errors;
  }

  async repair(held: readonly SinkObject[]): Promise<number> {
    let fixed = 0;
    for (const o of held) {
      const p = objectPath(this.root, o.key);
      if (typeof p !== 'string') continue;
      const current = await readFile(p, 'utf8').catch(() => undefined);
      if (current === renderYaml(o.object)) continue;
      await this.write(o);
      fixed++;
    }
    return fixed;
  }

  /** Keys of every object file under the root (dot-directories such as the state cache skipped). */
  async managedKeys(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
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
