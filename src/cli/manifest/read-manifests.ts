import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LineCounter, isScalar, parseAllDocuments, visit, type Document } from 'yaml';
import { MeshError, SecurityErrors, TctlErrors } from '../../api/index.js';
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
      out.push(...nonEmpty(parseManifests(await readStdin(io), 'stdin'), '-f - (stdin)'));
      continue;
    }
    const path = resolve(io.cwd, f);
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new MeshError(TctlErrors.ManifestInvalid, `-f ${f}: no such file or directory`, {
        fix: 'Pass an existing file, a directory of .yaml files, or - for stdin.',
      });
    }
    const paths = st.isDirectory() ? await yamlFilesUnder(path) : [path];
    const found: Manifest[] = [];
    for (const p of paths) found.push(...parseManifests(await readFile(p, 'utf8'), p === path ? f : p));
    out.push(...nonEmpty(found, `-f ${f}`));
  }
  return out;
}

/** Refuses an input that held no document: applying "nothing" must not look like success. */
function nonEmpty(found: Manifest[], what: string): Manifest[] {
  if (found.length === 0) throw new MeshError(SecurityErrors.EmptyManifest, `${what}: holds no YAML or JSON document; nothing to apply`, { field: what });
  return found;
}

/** Core-schema tags: everything else (`!!js/function`, `!!binary`, `!Ref`, …) is not plain data. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Refuses what is not plain data: a custom or language tag (silently read as a string until now),
 * a `__proto__` key (dropped on the way to the server), so nothing the user wrote is lost without a word.
 */
function checkPlainData(doc: Document.Parsed, where: string, lines: LineCounter): void {
  const at = (offset: number | undefined): string => (offset === undefined ? '' : ` (line ${lines.linePos(offset).line})`);
  visit(doc, {
    Node(_key, node) {
      if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
        throw new MeshError(
          SecurityErrors.UnsafeYaml,
          `${where}${at(node.range?.[0])}: tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not plain data; remove it`,
          { field: where },
        );
      }
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') {
        throw new MeshError(SecurityErrors.UnsafeYaml, `${where}${at(pair.key.range?.[0])}: key "__proto__" is not allowed (it would be dropped); rename it`, {
          field: where,
        });
      }
    },
  });
}

/** Parses multi-document YAML; every non-empty document must be a mapping of plain data. */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const lines = new LineCounter();
  parseAllDocuments(text, { lineCounter: lines }).forEach((doc, i) => {
    const where = `${source}#${i + 1}`;
    if (doc.errors.length) {
      throw new MeshError(TctlErrors.ManifestInvalid, `${where}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, { field: where });
    }
    checkPlainData(doc, where, lines);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (e) {
      if (e instanceof ReferenceError) {
        throw new MeshError(
          SecurityErrors.UnsafeYaml,
          `${where}: anchors and aliases expand into too much data (${e.message}); write the document out without aliases`,
          { field: where },
        );
      }
      throw e;
    }
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
