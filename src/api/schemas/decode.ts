import type { TSchema } from '@sinclair/typebox';
import { decodeEnvelopeKeys } from '../decode-envelope.js';
import { CoreErrors, MeshError } from '../errors/index.js';
import { KINDS } from '../kinds.js';
import { specSchema } from './registry.js';

/**
 * TSB decodes specs with protobuf JSON, which accepts a field's lowerCamel JSON name and the
 * proto's own snake_case name (`namespaceSelector` and `namespace_selector`). This rewrites a
 * spec to the lowerCamel spelling the schema declares, walking the schema so that map keys
 * (labels, annotations, Istio specs) are never touched.
 */

type Node = {
  readonly type?: string;
  readonly properties?: Record<string, Node>;
  readonly patternProperties?: Record<string, Node>;
  readonly items?: Node;
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `namespace_selector` → `namespaceSelector` (protobuf's json_name rule). */
export function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

/** The value with every snake_case field name the schema knows rewritten to its JSON name. */
export function decodeSpecFields(schema: TSchema, value: unknown, path = 'spec'): unknown {
  return walk(schema as Node, value, path);
}

function walk(s: Node, v: unknown, path: string): unknown {
  if (Array.isArray(v)) return s.items ? v.map((x, i) => walk(s.items as Node, x, join(path, i))) : v;
  if (!isObject(v)) return v;
  if (s.properties) {
    const props = s.properties;
    const renamed: Record<string, unknown> = {};
    const from = new Map<string, string>();
    for (const [key, child] of Object.entries(v)) {
      const camel = key in props ? key : lowerCamel(key);
      const canon = camel in props ? camel : key;
      const seen = from.get(canon);
      if (seen !== undefined) {
        const field = join(path, canon);
        throw new MeshError(CoreErrors.InvalidInput, `${field}: given twice, as "${seen}" and "${key}"; keep one`, { field });
      }
      from.set(canon, key);
      renamed[canon] = props[canon] ? walk(props[canon], child, join(path, canon)) : child;
    }
    return renamed;
  }
  const valueSchema = s.patternProperties ? Object.values(s.patternProperties)[0] : undefined;
  if (valueSchema && (valueSchema.properties || valueSchema.items)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(valueSchema, x, join(path, k))]));
  }
  return v;
}

/**
 * A resource document decoded as TSB decodes it: envelope and metadata keys matched
 * case-insensitively, spec fields by JSON or proto name; the result uses canonical spelling.
 * A document of no known kind is returned with only its envelope decoded.
 */
export function decodeResource(obj: unknown): unknown {
  const env = decodeEnvelopeKeys(obj);
  if (!isObject(env) || !isObject(env.spec)) return env;
  const k = KINDS.find((x) => x.kind === env.kind && (x.apiVersion === env.apiVersion || (x.aliases ?? []).includes(env.apiVersion as string)));
  if (!k) return env;
  return { ...env, spec: decodeSpecFields(specSchema(k), env.spec) };
}
