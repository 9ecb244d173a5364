import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CoreErrors, MeshError } from '../errors/index.js';
import type { KindInfo } from '../kinds.js';
import { Envelope } from './common.js';
import { specSchema } from './registry.js';
import { nearest } from '../nearest.js';

/** One ajv instance for every kind; validators compile on first use and are cached. */
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
const cache = new Map<string, ValidateFunction>();

function validatorFor(k: KindInfo): ValidateFunction {
  const key = `${k.apiVersion}|${k.kind}`;
  let v = cache.get(key);
  if (!v) {
    v = ajv.compile(Envelope(specSchema(k)));
    cache.set(key, v);
  }
  return v;
}

/** `/spec/names/0` → `spec.names[0]`. */
export function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(body)';
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One ajv error as `field: what is wrong; what is allowed`. */
export function describeError(e: ErrorObject): { field: string; message: string } {
  const p = e.params as Record<string, unknown>;
  const desc = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = fieldPath(e.instancePath, String(p.additionalProperty));
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const near = nearest(String(p.additionalProperty), known);
      const hint = near !== undefined ? ` (did you mean "${near}"?)` : '';
      return { field, message: `${field}: unknown field${hint}; allowed here: ${known.join(', ') || 'none'}` };
    }
    case 'required': {
      const field = fieldPath(e.instancePath, String(p.missingProperty));
      return { field, message: `${field}: required field is missing` };
    }
    case 'enum': {
      const field = fieldPath(e.instancePath);
      return { field, message: `${field}: ${preview(e.data)} is not allowed; use one of ${(p.allowedValues as unknown[]).join(', ')}` };
    }
    case 'type': {
      const field = fieldPath(e.instancePath);
      return {
        field,
        message: `${field}: must be ${p.type === 'object' ? 'an object' : p.type === 'array' ? 'a list' : `a ${String(p.type)}`}, got ${preview(e.data)}`,
      };
    }
    case 'pattern': {
      const field = fieldPath(e.instancePath);
      return { field, message: `${field}: ${preview(e.data)} is not valid; expected ${desc ?? `a value matching ${String(p.pattern)}`}` };
    }
    default: {
      const field = fieldPath(e.instancePath);
      return { field, message: `${field}: ${e.message ?? 'is invalid'}${desc ? ` (${desc})` : ''}` };
    }
  }
}

/** Picks the most useful error: the deepest path, preferring unknown/required/enum over type. */
function best(errors: readonly ErrorObject[]): ErrorObject {
  const rank = (e: ErrorObject): number => e.instancePath.split('/').length * 10 + (e.keyword === 'type' ? 0 : 1);
  return [...errors].sort((a, b) => rank(b) - rank(a))[0];
}

/** One message for a list of problems: the problem itself, or every one on its own line as kubectl lists them. */
export function problemList(subject: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${subject}: ${problems[0]}`;
  return `${subject} is invalid (${problems.length} problems):\n${problems.map((p) => `  * ${p}`).join('\n')}`;
}

/** Validates an envelope against its kind's schema; throws InvalidInput naming every field at fault. */
export function validateEnvelope(k: KindInfo, obj: unknown): void {
  const v = validatorFor(k);
  if (v(obj)) return;
  const errs = v.errors ?? [];
  const first = describeError(best(errs));
  const all = [...new Set([first.message, ...errs.map((e) => describeError(e).message)])];
  throw new MeshError(CoreErrors.InvalidInput, problemList(k.kind, all), { field: first.field, details: { errors: all } });
}
