// TSB's REST shapes of a resource: the message the REST API answers (`{"fqn", "etag", ...fields}`,
// lists as `{"<collection>": [...]}`) and the envelope tctl prints and applies. Light (no schemas),
// so the REST client and tctl convert without loading ajv.
import { CoreErrors, MeshError } from './errors/index.js';
import { LEVEL_PATH, type Level } from './kinds.js';
import { parseFqn } from './fqn.js';

/** The shape of a stored resource (structurally the store's StoredResource). */
export interface ResourceLike {
  readonly fqn: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly etag: string;
}

/** TSB's DIRECT-mode annotations naming the group an Istio object belongs to. */
export const GROUP_ANNOTATIONS: Record<string, Level> = {
  'tsb.tetrate.io/gatewayGroup': 'gatewaygroup',
  'tsb.tetrate.io/trafficGroup': 'trafficgroup',
  'tsb.tetrate.io/securityGroup': 'securitygroup',
  'tsb.tetrate.io/istioInternalGroup': 'istiointernalgroup',
};

/**
 * What a create response carries besides the message, per kind (kind hooks on the server: a
 * Cluster's one-time credentials, a ServiceAccount's first key pair). Never part of the object.
 */
export const CREATE_EXTRAS: Readonly<Record<string, readonly string[]>> = { Cluster: ['credentials'], ServiceAccount: ['serviceAccount'] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIstio(apiVersion: string): boolean {
  return apiVersion.includes('istio.io/');
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

/** Stored resource → TSB's envelope (apiVersion/kind/metadata first; `fqn`/`etag` echoed in spec). */
export function toEnvelope(r: ResourceLike): Record<string, unknown> {
  const f = parseFqn(r.fqn);
  const k = f.kind;
  const metadata: Record<string, unknown> = { name: r.name };
  LEVEL_PATH[k.parent].forEach((step, i) => (metadata[step.meta] = f.segments[i].name));
  Object.assign(metadata, r.metadata, { resourceVersion: r.etag });
  if (isIstio(k.apiVersion)) {
    const annotations: Record<string, unknown> = { ...(isObject(r.metadata.annotations) ? r.metadata.annotations : {}) };
    const groupAnno = Object.keys(GROUP_ANNOTATIONS).find((a) => GROUP_ANNOTATIONS[a] === k.parent) as string;
    LEVEL_PATH[k.parent].forEach((step, i) => (annotations[step.meta === 'group' ? groupAnno : `tsb.tetrate.io/${step.meta}`] = f.segments[i].name));
    metadata.annotations = annotations;
    // Istio specs stay exactly Istio's (their CRD schema has no fqn/etag), so both live in metadata.
    metadata.fqn = r.fqn;
    return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: { ...r.spec } };
  }
  return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: { ...r.spec, fqn: r.fqn, etag: r.etag } };
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
