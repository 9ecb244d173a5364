// Validates rendered objects against the Kubernetes 1.32 strict JSON schemas in shared/data
// (additionalProperties: false everywhere, so an unknown field fails). Test-only: the product
// never reads shared data.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedDir } from '../support/shared.js';

const DIR = 'data/kubernetes/schemas-v1.32.2-standalone-strict';

/** The schema file a kind/apiVersion lives in, e.g. apps/v1 Deployment → deployment-apps-v1.json. */
export function schemaFileName(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const g = group.split('.')[0];
  return `${kind.toLowerCase()}${g ? `-${g}` : ''}-${version}.json`;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
const compiled = new Map<string, ValidateFunction>();

/** Every schema file present (to report rendered kinds that have none). */
export function availableSchemas(): string[] {
  return readdirSync(sharedDir(DIR))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Validates one object; returns the problems (empty when valid). A kind without a schema is a problem. */
export function k8sProblems(obj: { apiVersion: string; kind: string; metadata: { name: string } }): string[] {
  const file = schemaFileName(obj.apiVersion, obj.kind);
  if (!availableSchemas().includes(file)) return [`${obj.kind} ${obj.metadata.name}: no Kubernetes schema ${file} in shared/${DIR}`];
  let validate = compiled.get(file);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(sharedDir(DIR), file), 'utf8')) as Record<string, unknown>;
    delete schema.$schema; // "http://json-schema.org/schema#" is not a meta-schema ajv knows; the content is draft-04/07 compatible
    validate = ajv.compile(schema);
    compiled.set(file, validate);
  }
  const label = `${obj.kind} ${obj.metadata.name}`;
  if (validate(obj as unknown)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${label}: ${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`,
  );
}
