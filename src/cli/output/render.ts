import type { ResourceObject } from '../../client/index.js';
import { formatJson, formatTable, formatYaml, type OutputFormat } from '../../command/index.js';

/** TSB's `tctl get` table for hierarchy objects. */
export function resourceTable(objects: readonly ResourceObject[]): string {
  if (objects.length === 0) return 'No resources found\n';
  const rows = objects.map((o) => [o.metadata.name, str(o.spec?.displayName), str(o.spec?.description)]);
  return formatTable(['NAME', 'DISPLAY NAME', 'DESCRIPTION'], rows);
}

/** Renders objects as a table, multi-document YAML or JSON (an object for one name, else a list). */
export function renderObjects(objects: readonly ResourceObject[], format: OutputFormat, single: boolean): string {
  if (format === 'table') return resourceTable(objects);
  if (format === 'json') return formatJson(single && objects.length === 1 ? tidy(objects[0]) : objects.map(tidy));
  return objects.length ? formatYaml(objects.map(tidy)) : '';
}

/** apiVersion, kind, metadata, spec first (then anything else), as TSB prints them. */
export function tidy(o: ResourceObject): ResourceObject {
  const { apiVersion, kind, metadata, spec, ...rest } = o;
  return { apiVersion, kind, metadata, ...(spec !== undefined ? { spec } : {}), ...rest };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ') : '';
}
