import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MeshError, TctlErrors } from '../../api/index.js';
import type { Io } from '../../command/index.js';

/** One document of a manifest file and where it came from (`file.yaml#2`). */
export interface Manifest {
  readonly source: string;
  readonly object: Record<string, unknown>;
}

/** Reads `-f` arguments: files, directories (*.yaml, *.yml, *.json, sorted, recursive) or `-` (stdin). */
export async function readManifests(io: Io, files: readonly string[]): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const f of files) {
    if (f === '-') {
      out.push(...parseManifests(await readStdin(io), 'stdin'));
      continue;
    }
    const path = resolve(io.cwd, f);
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new MeshError(TctlErrors.ManifestInvalid, `-f ${f}: no such file or directory`, { fix: 'Pass an existing file, a directory of .yaml files, or - for stdin.' });
    }
    const paths = st.isDirectory() ? await yamlFilesUnder(path) : [path];
    for (const p of paths) out.push(...parseManifests(await readFile(p, 'utf8'), p === path ? f : p));
  }
  return out;
}

/** Parses multi-document YAML; every non-empty document must be a mapping. */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const where = `${source}#${i + 1}`;
    if (doc.errors.length) {
      throw new MeshError(TctlErrors.ManifestInvalid, `${where}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, { field: where });
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new MeshError(TctlErrors.ManifestInvalid, `${where}: a document must be a mapping with apiVersion, kind, metadata and spec`, { field: where });
    }
    out.push({ source: where, object: value as Record<string, unknown> });
  });
  return out;
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await yamlFilesUnder(p)));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

async function readStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
