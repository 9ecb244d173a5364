// TSB's REST shape of a resource: the message the REST API answers (`{"fqn", "etag", ...fields}`,
// lists as `{"<collection>": [...]}`), and its conversion to the envelope tctl prints and applies
// (placement.ts renders that). Light (no schemas), so the REST client and tctl convert cheaply.
import { CoreErrors, MeshError } from './errors/index.js';
import { parseFqn } from './fqn.js';
import { toEnvelope, type ResourceLike } from './placement.js';

/**
 * What a create response carries besides the message, per kind (kind hooks on the server: a
 * Cluster's one-time credentials, a ServiceAccount's first key pair). Never part of the object.
 */
export const CREATE_EXTRAS: Readonly<Record<string, readonly string[]>> = { Cluster: ['credentials'], ServiceAccount: ['serviceAccount'] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Stored resource → TSB's REST message: `fqn` and `etag`, then the object's fields (the spec).
 * Envelope-only metadata a user set (labels, annotations, a Kubernetes namespace, metadata's
 * displayName/description) rides along under `metadata`, so a GET → edit → PUT keeps it.
 */
export function toMessage(r: ResourceLike): Record<string, unknown> {
  const out: Record<string, unknown> = { fqn: r.fqn, etag: r.etag, ...r.spec };
  if (Object.keys(r.metadata).length > 0) out.metadata = { ...r.metadata };
  return out;
}

/** A REST message (as `toMessage` renders it) → the resource it describes. */
export function fromMessage(message: unknown): ResourceLike {
  if (!isObject(message) || typeof message.fqn !== 'string') {
    throw new MeshError(CoreErrors.InvalidInput, 'fqn: a resource message carries its "fqn"; the server answered something else', { field: 'fqn' });
  }
  const { fqn, etag, metadata, ...spec } = message;
  const f = parseFqn(fqn);
  return {
    fqn: f.text,
    apiVersion: f.kind.apiVersion,
    kind: f.kind.kind,
    name: f.segments[f.segments.length - 1].name,
    metadata: isObject(metadata) ? metadata : {},
    spec,
    etag: typeof etag === 'string' ? etag : '',
  };
}

/**
 * A create response (message plus the kind's CREATE_EXTRAS) → the envelope tctl prints, with the
 * extras beside it at the top level as before.
 */
export function messageToEnvelope(message: unknown): Record<string, unknown> {
  const r = fromMessage(message);
  const extras: Record<string, unknown> = {};
  const spec: Record<string, unknown> = { ...r.spec };
  for (const key of CREATE_EXTRAS[r.kind] ?? []) {
    if (key in spec) {
      extras[key] = spec[key];
      delete spec[key];
    }
  }
  return { ...toEnvelope({ ...r, spec }), ...extras };
}
