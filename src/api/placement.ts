// Where a resource lives in TSB's tree, in one place for the server, tctl and translate: which kind
// an apiVersion/kind pair names, where its ancestors' names come from (metadata fields or TSB's
// `tsb.tetrate.io/*` annotations), which fields the server owns, and how a stored resource is shown
// as TSB's envelope. Ajv-free, so tctl imports it without paying for the schemas.
import { KINDS, LEVEL_PATH, isIstioKind, type KindInfo, type Level } from './kinds.js';
import { parseFqn } from './fqn.js';

/**
 * TSB's annotation (and the label translate writes on Istio objects) naming each level: DIRECT-mode
 * Istio objects say where they live with these instead of metadata fields.
 */
export const LEVEL_ANNOTATIONS: Readonly<Record<Exclude<Level, 'root'>, string>> = {
  organization: 'tsb.tetrate.io/organization',
  tenant: 'tsb.tetrate.io/tenant',
  workspace: 'tsb.tetrate.io/workspace',
  gatewaygroup: 'tsb.tetrate.io/gatewayGroup',
  trafficgroup: 'tsb.tetrate.io/trafficGroup',
  securitygroup: 'tsb.tetrate.io/securityGroup',
  istiointernalgroup: 'tsb.tetrate.io/istioInternalGroup',
};

/** The group annotations alone (an Istio kind that repeats under several groups is told apart by them). */
export const GROUP_ANNOTATIONS: readonly string[] = (['gatewaygroup', 'trafficgroup', 'securitygroup', 'istiointernalgroup'] as const).map(
  (l) => LEVEL_ANNOTATIONS[l],
);

/** The level an FQN collection segment opens (`tenants` → `tenant`), for labels keyed by FQN. */
export function levelOfCollection(collection: string): Exclude<Level, 'root'> | undefined {
  return KINDS.find((k) => k.collection === collection && k.opens !== undefined)?.opens as Exclude<Level, 'root'> | undefined;
}

/** The level a parent FQN opens ('' = root). */
export function levelOf(parentFqn: string): Level {
  return parentFqn === '' ? 'root' : (parseFqn(parentFqn).kind.opens ?? 'root');
}

/** The outcome of resolving an apiVersion/kind pair: the kind, or why there is none. */
export type KindResolution =
  | { readonly kind: KindInfo }
  | { readonly problem: 'unknown-kind' }
  | { readonly problem: 'wrong-api-version'; readonly apiVersions: readonly string[] }
  | { readonly problem: 'which-group'; readonly candidates: readonly KindInfo[] };

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * Picks the kind of an envelope. Istio kinds repeat under several groups: the parent level decides
 * (the request path's, when there is one), else the group annotation the object carries.
 */
export function resolveKind(apiVersion: string, kind: string, annotations: Readonly<Record<string, unknown>>, parentLevel?: Level): KindResolution {
  const all = KINDS.filter((k) => k.kind === kind && (k.apiVersion === apiVersion || (k.aliases ?? []).includes(apiVersion)));
  if (all.length === 0) {
    const known = [...new Set(KINDS.filter((k) => k.kind === kind).map((k) => k.apiVersion))];
    return known.length ? { problem: 'wrong-api-version', apiVersions: known } : { problem: 'unknown-kind' };
  }
  if (all.length === 1) return { kind: all[0] };
  const annotated = GROUP_ANNOTATIONS.find((a) => nonEmpty(annotations[a]));
  const level =
    parentLevel ??
    (Object.keys(LEVEL_ANNOTATIONS) as Exclude<Level, 'root'>[]).find((l) => LEVEL_ANNOTATIONS[l] === annotated) ??
    deepestTreeLevel(annotations);
  const k = all.find((x) => x.parent === level);
  return k ? { kind: k } : { problem: 'which-group', candidates: all };
}

/**
 * A kind served under several tree levels (Profile: organization, tenant or workspace) lives under
 * the deepest level the object names, by metadata field or TSB annotation (see levelAnnotations).
 */
function deepestTreeLevel(annotations: Readonly<Record<string, unknown>>): Level | undefined {
  return (['workspace', 'tenant', 'organization'] as const).find((l) => nonEmpty(annotations[LEVEL_ANNOTATIONS[l]]));
}

/** The annotations with metadata.organization/tenant/workspace added as TSB's level annotations (for resolveKind). */
export function levelAnnotations(meta: Readonly<Record<string, unknown>>, annotations: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...annotations };
  for (const l of ['organization', 'tenant', 'workspace'] as const) if (nonEmpty(meta[l])) out[LEVEL_ANNOTATIONS[l]] = meta[l];
  return out;
}

/** One ancestor of a kind: the FQN step, the metadata field and the annotation that can name it. */
export interface AncestorStep {
  readonly collection: string;
  /** The metadata field (`organization`, `tenant`, `workspace`, `group`). */
  readonly meta: string;
  /** TSB's annotation for it (for `group`, the annotation of the kind's own group level). */
  readonly annotation: string;
}

/** The ancestors a kind needs, outermost first. */
export function ancestorSteps(k: KindInfo): AncestorStep[] {
  return LEVEL_PATH[k.parent].map((step) => ({
    ...step,
    annotation: step.meta === 'group' ? LEVEL_ANNOTATIONS[k.parent as Exclude<Level, 'root'>] : LEVEL_ANNOTATIONS[step.meta as Exclude<Level, 'root'>],
  }));
}

/** An ancestor's name as the object gives it: the metadata field first, else TSB's annotation. */
export function givenAncestor(step: AncestorStep, metadata: Readonly<Record<string, unknown>>): { value: string; from: 'metadata' | 'annotation' } | undefined {
  if (nonEmpty(metadata[step.meta])) return { value: metadata[step.meta] as string, from: 'metadata' };
  const annotations = metadata.annotations;
  const a = typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>)[step.annotation] : undefined;
  return nonEmpty(a) ? { value: a, from: 'annotation' } : undefined;
}

/** Metadata fields that place a resource (its name and its ancestors'): derived from the FQN when stored. */
export const PLACEMENT_METADATA: ReadonlySet<string> = new Set(['name', 'organization', 'tenant', 'workspace', 'group']);
/** Fields the server echoes on every read and ignores on write: the FQN and the etag. */
export const ECHOED_METADATA: ReadonlySet<string> = new Set(['fqn', 'resourceVersion']);
export const ECHOED_SPEC: ReadonlySet<string> = new Set(['fqn', 'etag']);

/** The metadata the store keeps: everything but placement and echoed fields (labels, annotations, …). */
export function storedMetadata(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(metadata)) if (!PLACEMENT_METADATA.has(key) && !ECHOED_METADATA.has(key)) out[key] = v;
  return out;
}

/** An envelope without the fields the server echoes (what a client sends back, or compares). */
export function withoutServerFields<T extends { metadata: object; spec?: object }>(o: T): T {
  const metadata = Object.fromEntries(Object.entries(o.metadata).filter(([k]) => !ECHOED_METADATA.has(k)));
  const spec = o.spec === undefined ? undefined : Object.fromEntries(Object.entries(o.spec).filter(([k]) => !ECHOED_SPEC.has(k)));
  return { ...o, metadata, ...(spec === undefined ? {} : { spec }) };
}

/** The shape of a stored resource that `toEnvelope` renders (structurally the store's StoredResource). */
export interface ResourceLike {
  readonly fqn: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly etag: string;
}

/** Stored resource → TSB's envelope (apiVersion/kind/metadata first; `fqn`/`etag` echoed in spec). */
export function toEnvelope(r: ResourceLike): Record<string, unknown> {
  const f = parseFqn(r.fqn);
  const k = f.kind;
  const metadata: Record<string, unknown> = { name: r.name };
  LEVEL_PATH[k.parent].forEach((step, i) => (metadata[step.meta] = f.segments[i].name));
  Object.assign(metadata, r.metadata, { resourceVersion: r.etag });
  if (isIstioKind(k)) {
    const own = r.metadata.annotations;
    const annotations: Record<string, unknown> = { ...(typeof own === 'object' && own !== null && !Array.isArray(own) ? own : {}) };
    ancestorSteps(k).forEach((step, i) => (annotations[step.annotation] = f.segments[i].name));
    metadata.annotations = annotations;
    // Istio specs stay exactly Istio's (their CRD schema has no fqn/etag), so both live in metadata.
    metadata.fqn = r.fqn;
    return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: { ...r.spec } };
  }
  return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: { ...r.spec, fqn: r.fqn, etag: r.etag } };
}
