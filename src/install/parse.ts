import { parseAllDocuments } from 'yaml';
import { MeshError, InstallErrors } from '../api/index.js';
import type { ErrorDef } from '../api/index.js';
import { crSchema, INSTALL_API_VERSION, type InstallKind } from './schema/install-crs.js';
import { checkSchema, type SchemaIssue } from './schema/validate.js';

/** One input file (or stdin) as text. */
export interface InstallSource {
  /** File name as the user gave it, or `-` for standard input. */
  name: string;
  text: string;
}

/** A validated install CR with where it came from and the TSB fields it set that meshbridge ignores. */
export interface ParsedCr {
  source: string;
  kind: InstallKind;
  doc: Record<string, unknown>;
  ignored: { path: string; why: string }[];
}

const ISSUE_ERROR: Record<SchemaIssue['kind'], ErrorDef> = {
  unknown: InstallErrors.InstallUnknownField,
  invalid: InstallErrors.InstallFieldInvalid,
  required: InstallErrors.InstallFieldRequired,
  quantity: InstallErrors.InstallQuantityInvalid,
};

/** Parses YAML/JSON sources into documents; malformed YAML throws MB6000 with file, line and column. */
export function parseYamlDocuments(sources: readonly InstallSource[]): { source: string; value: unknown }[] {
  const out: { source: string; value: unknown }[] = [];
  for (const src of sources) {
    // Merge keys (<<) as Kubernetes' YAML reader accepts them.
    for (const doc of parseAllDocuments(src.text, { merge: true })) {
      const err = doc.errors[0];
      if (err) {
        const pos = err.linePos?.[0];
        const where = pos ? `${src.name}:${pos.line}:${pos.col}` : src.name;
        const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        throw new MeshError(InstallErrors.InstallYamlInvalid, `${where}: ${what}`, { field: where });
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value !== null && value !== undefined) out.push({ source: src.name, value });
    }
  }
  return out;
}

function describeKinds(kinds: readonly InstallKind[]): string {
  return kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}

/** Checks one document: the right apiVersion/kind for the command, then the CR schema; the first problem throws, naming its path. */
export function validateCr(source: string, value: unknown, kinds: readonly InstallKind[]): ParsedCr {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MeshError(
      InstallErrors.InstallWrongKind,
      `${source}: expected an ${describeKinds(kinds)} object, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`,
    );
  }
  const doc = value as Record<string, unknown>;
  const kind = kinds.find((k) => k === doc.kind);
  if (!kind || doc.apiVersion !== INSTALL_API_VERSION) {
    const got = `${String(doc.apiVersion ?? '(no apiVersion)')} ${String(doc.kind ?? '(no kind)')}`;
    throw new MeshError(InstallErrors.InstallWrongKind, `${source}: got ${got}; this command renders ${INSTALL_API_VERSION} ${describeKinds(kinds)}`, {
      field: kind ? 'apiVersion' : 'kind',
    });
  }
  const meta = doc.metadata as { name?: unknown } | undefined;
  const label = `${kind}${typeof meta?.name === 'string' ? ` "${meta.name}"` : ''}`;
  if (doc.spec === undefined || doc.spec === null) doc.spec = {};
  const report = checkSchema(crSchema(kind), doc);
  const first = report.issues[0];
  if (first) {
    // Every problem, each with its path, as kubectl lists them: one run fixes the whole file.
    const message =
      report.issues.length === 1
        ? `${source}: ${label}: ${first.path}: ${first.message}`
        : `${source}: ${label} is invalid (${report.issues.length} problems):\n${report.issues.map((i) => `  * ${i.path}: ${i.message}`).join('\n')}`;
    throw new MeshError(ISSUE_ERROR[first.kind], message, { field: first.path, details: { issues: report.issues } });
  }
  return { source, kind, doc, ignored: report.ignored };
}
