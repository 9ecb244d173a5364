import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { UsageError } from './usage-error.js';

export { UsageError };

export type OutputFormat = 'table' | 'yaml' | 'json';

/** Validates `-o` values; the error names the flag and the choices. */
export function parseOutputFormat(v: unknown, fallback: OutputFormat = 'table'): OutputFormat {
  if (v === undefined) return fallback;
  if (v === 'table' || v === 'yaml' || v === 'json') return v;
  throw new UsageError(`-o/--output-type: "${String(v)}" is not a format; use table, yaml or json`);
}

/** Aligns rows into whitespace-separated columns, tabwriter style (two spaces between columns). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => (indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Deterministic YAML for documents (multi-doc joined with ---). */
export function formatYaml(docs: unknown | readonly unknown[]): string {
  const list = Array.isArray(docs) ? docs : [docs];
  const { stringify } = yaml();
  return list.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

/** Pretty JSON with a trailing newline. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

let yamlModule: typeof Yaml | undefined;

// Loaded on first use, synchronously: most commands never print YAML, and tctl must start fast.
function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}
