import { CoreErrors, MeshError } from './errors/index.js';

/**
 * TSB's tctl reads a document's envelope with Go's encoding/json, which matches a key to a field
 * case-insensitively (an exact match wins). These are the envelope's fields and metadata's.
 */
export const ENVELOPE_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'] as const;
export const METADATA_KEYS = [
  'name',
  'organization',
  'tenant',
  'workspace',
  'group',
  'namespace',
  'fqn',
  'displayName',
  'description',
  'resourceVersion',
  'labels',
  'annotations',
] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Renames keys of `obj` that match one of `known` ignoring case to its canonical spelling; other
 * keys are kept as they are (the schema reports them). Two keys naming one field is an error:
 * Go would silently keep the last one.
 */
export function canonicalKeys(obj: Record<string, unknown>, known: readonly string[], where: string): Record<string, unknown> {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  const from = new Map<string, string>();
  for (const [key, value] of Object.entries(obj)) {
    const canon = byLower.get(key.toLowerCase()) ?? key;
    const seen = from.get(canon);
    if (seen !== undefined) {
      const field = where ? `${where}.${canon}` : canon;
      throw new MeshError(CoreErrors.InvalidInput, `${field}: given twice, as "${seen}" and "${key}"; keep one`, { field });
    }
    from.set(canon, key);
    out[canon] = value;
  }
  return out;
}

/**
 * The envelope with canonical spelling of apiVersion/kind/metadata/spec and of metadata's own
 * fields (labels' and annotations' keys are data and stay as written). Anything that is not an
 * object is returned as is, for the validator to report.
 */
export function decodeEnvelopeKeys(obj: unknown): unknown {
  if (!isObject(obj)) return obj;
  const env = canonicalKeys(obj, ENVELOPE_KEYS, '');
  if (isObject(env.metadata)) env.metadata = canonicalKeys(env.metadata, METADATA_KEYS, 'metadata');
  return env;
}

/** True when a request body is an envelope (any spelling of apiVersion or kind, or metadata with spec). */
export function looksLikeEnvelope(body: Record<string, unknown>): boolean {
  // A REST message may carry `metadata` (labels, annotations) beside its fields: only apiVersion,
  // kind, or metadata together with spec make an envelope.
  const keys = new Set(Object.keys(body).map((k) => k.toLowerCase()));
  return keys.has('apiversion') || keys.has('kind') || (keys.has('metadata') && keys.has('spec'));
}
