import { CoreErrors, MeshError } from '../errors/index.js';
import { KINDS, type KindInfo, type Level } from '../kinds.js';
import { parseFqn } from '../fqn.js';
import { GROUP_ANNOTATIONS, ancestorSteps, givenAncestor, levelAnnotations, levelOf, resolveKind, storedMetadata } from '../placement.js';
import { validateEnvelope } from './validate.js';
import { decodeResource } from './decode.js';
import { looksLikeEnvelope } from '../decode-envelope.js';

/** A validated resource, ready for the store: where it lives and what it says. */
export interface ValidResource {
  readonly kind: KindInfo;
  readonly fqn: string;
  readonly parent: string;
  readonly name: string;
  /** Stored metadata: labels, annotations and free fields; ancestors and etags are derived. */
  readonly metadata: Record<string, unknown>;
  /** Spec without the echoed `fqn`/`etag`. */
  readonly spec: Record<string, unknown>;
  /** The etag the caller read (metadata.resourceVersion, spec.etag or a flat `etag`). */
  readonly etag?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(field: string, message: string): MeshError {
  return new MeshError(CoreErrors.InvalidInput, `${field}: ${message}`, { field });
}

/** Picks the kind of an envelope (see placement.ts); the error names the field to change. */
function kindOf(apiVersion: string, kind: string, annotations: Record<string, unknown>, parentLevel?: Level): KindInfo {
  const r = resolveKind(apiVersion, kind, annotations, parentLevel);
  if ('kind' in r) return r.kind;
  if (r.problem === 'wrong-api-version') {
    throw new MeshError(CoreErrors.UnknownKind, `apiVersion: ${JSON.stringify(apiVersion)} does not serve kind ${kind}; use ${r.apiVersions.join(' or ')}`, {
      field: 'apiVersion',
    });
  }
  if (r.problem === 'unknown-kind') {
    throw new MeshError(CoreErrors.UnknownKind, `kind: ${JSON.stringify(kind)} is not a kind meshbridge serves (apiVersion ${JSON.stringify(apiVersion)})`, {
      field: 'kind',
    });
  }
  throw invalid(
    'metadata.annotations',
    `${kind} can live in ${r.candidates.map((x) => x.parent).join(' or ')}; name the group with one of the annotations ${GROUP_ANNOTATIONS.join(', ')}`,
  );
}

/** The ancestors' names: metadata fields, TSB's `tsb.tetrate.io/*` annotations, or the URL parent. */
function ancestors(k: KindInfo, meta: Record<string, unknown>, parentFqn?: string): string {
  const fromUrl = parentFqn === undefined || parentFqn === '' ? [] : parseFqn(parentFqn).segments;
  const steps = ancestorSteps(k);
  return steps
    .map((step, i) => {
      const given = givenAncestor(step, meta)?.value;
      const url = fromUrl[i]?.name;
      if (given !== undefined && url !== undefined && given !== url) {
        throw invalid(`metadata.${step.meta}`, `${JSON.stringify(given)} does not match the request path, which names ${JSON.stringify(url)}`);
      }
      const name = given ?? url;
      if (name === undefined) {
        const need = steps.map((p) => `metadata.${p.meta}`).join(', ');
        throw invalid(`metadata.${step.meta}`, `required: a ${k.kind} needs ${need}`);
      }
      return `${step.collection}/${name}`;
    })
    .join('/');
}

/**
 * Validates a resource in TSB's YAML envelope form and works out where it lives. `parentFqn` is
 * the request path's parent when there is one; metadata may then omit the ancestors.
 */
export function validateResource(input: unknown, opts: { parentFqn?: string; fqn?: string } = {}): ValidResource {
  // TSB's spellings (any case for envelope keys, snake_case spec fields) become the canonical one.
  const obj = decodeResource(input);
  if (!isObject(obj)) throw invalid('(body)', 'must be an object with apiVersion, kind, metadata and spec');
  if (typeof obj.apiVersion !== 'string') throw invalid('apiVersion', 'required: a string such as api.tsb.tetrate.io/v2');
  if (typeof obj.kind !== 'string') throw invalid('kind', 'required: a string such as Tenant');
  if (!isObject(obj.metadata)) throw invalid('metadata', 'required: an object with at least name');
  const parentFqn =
    opts.fqn !== undefined
      ? parseFqn(opts.fqn)
          .segments.slice(0, -1)
          .map((s) => `${s.collection}/${s.name}`)
          .join('/')
      : opts.parentFqn;
  const annotations = isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
  const k = kindOf(obj.apiVersion, obj.kind, levelAnnotations(obj.metadata, annotations), parentFqn === undefined ? undefined : levelOf(parentFqn));
  validateEnvelope(k, obj);
  const meta = obj.metadata;
  const name = meta.name as string;
  const parent = ancestors(k, meta, parentFqn);
  const fqn = parent === '' ? `${k.collection}/${name}` : `${parent}/${k.collection}/${name}`;
  if (opts.fqn !== undefined && fqn !== parseFqn(opts.fqn).text) {
    throw invalid('metadata.name', `${JSON.stringify(name)} does not match the request path ${opts.fqn}`);
  }
  const spec = { ...((obj.spec as Record<string, unknown> | undefined) ?? {}) };
  const specEtag = spec.etag;
  delete spec.fqn;
  delete spec.etag;
  const metadata = storedMetadata(meta);
  const etag = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : typeof specEtag === 'string' ? specEtag : undefined;
  return { kind: k, fqn, parent, name, metadata, spec, ...(etag === undefined ? {} : { etag }) };
}

/** POST body → resource: TSB's `{"name":…, "<bodyKey>":{…}}` or the envelope, under `parentFqn`. */
export function fromCreateBody(parentFqn: string, collection: string, body: unknown): ValidResource {
  const level = levelOf(parentFqn);
  const candidates = KINDS.filter((k) => k.parent === level && k.collection === collection);
  if (candidates.length === 0)
    throw new MeshError(CoreErrors.InvalidFqn, `"${collection}" is not a collection under ${parentFqn || 'the root'}`, { field: 'fqn' });
  let res: ValidResource;
  if (isObject(body) && looksLikeEnvelope(body)) {
    res = validateResource(body, { parentFqn });
  } else {
    const k = candidates[0];
    if (!isObject(body)) throw invalid('(body)', `must be an object {"name": …, "${k.bodyKey}": {…}} or a ${k.kind} envelope`);
    for (const key of Object.keys(body)) {
      if (key !== 'name' && key !== k.bodyKey && key !== 'parent') throw invalid(key, `unknown field; allowed here: name, ${k.bodyKey}, parent`);
    }
    if (body.parent !== undefined && body.parent !== parentFqn)
      throw invalid('parent', `${JSON.stringify(body.parent)} does not match the request path ${parentFqn}`);
    if (typeof body.name !== 'string') throw invalid('name', 'required: the new resource name');
    const spec = body[k.bodyKey] ?? {};
    if (!isObject(spec)) throw invalid(k.bodyKey, `must be an object (the ${k.kind} spec)`);
    res = validateResource({ apiVersion: k.apiVersion, kind: k.kind, metadata: { name: body.name }, spec }, { parentFqn });
  }
  if (res.kind.collection !== collection) throw invalid('kind', `a ${res.kind.kind} does not belong in ${collection}`);
  return res;
}

/**
 * PUT body → resource at `fqn`: the envelope (it has apiVersion, kind, or metadata with spec), or
 * TSB's message as the REST API answers it (its fields plus `etag`; `fqn` and `name` must match the
 * path; envelope-only metadata under `metadata`).
 */
export function fromUpdateBody(fqn: string, body: unknown): ValidResource {
  const k = parseFqn(fqn).kind;
  if (isObject(body) && looksLikeEnvelope(body)) return validateResource(body, { fqn });
  if (!isObject(body)) throw invalid('(body)', `must be a ${k.kind} envelope or its flat object with etag`);
  const { name, metadata, ...spec } = body;
  const seg = parseFqn(fqn).segments;
  if (name !== undefined && name !== seg[seg.length - 1].name) throw invalid('name', `${JSON.stringify(name)} does not match the request path ${fqn}`);
  if (metadata !== undefined && !isObject(metadata)) throw invalid('metadata', 'must be an object (labels, annotations, displayName, description)');
  return validateResource(
    { apiVersion: k.apiVersion, kind: k.kind, metadata: { ...(metadata ?? {}), name: metadata?.name ?? seg[seg.length - 1].name }, spec },
    { fqn },
  );
}
