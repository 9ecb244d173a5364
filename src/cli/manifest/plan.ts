import {
  ancestorSteps,
  checkName,
  decodeEnvelopeKeys,
  givenAncestor,
  levelAnnotations,
  LEVEL_ANNOTATIONS,
  LEVEL_PATH,
  MeshError,
  resolveKind,
  TctlErrors,
  type KindInfo,
  type Level,
} from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';
import type { Sourced } from '../session/profile.js';
import type { Manifest } from './read-manifests.js';
import { bindingsKindOf, GENERIC_BINDINGS } from '../session/bindings.js';

/** A manifest with its resolved kind and place in the tree. */
export interface PlannedObject {
  readonly source: string;
  readonly kind: KindInfo;
  readonly fqn: string;
  readonly parent: string;
  readonly object: ResourceObject;
  /** Where the organization/tenant came from, for explanations. */
  readonly org?: Sourced;
  readonly tenant?: Sourced;
}

/**
 * Resolves each document's kind and FQN (metadata ancestors, TSB annotations, else the
 * --org/--tenant defaults) and orders parents before children, keeping file order otherwise.
 */
export function planManifests(docs: readonly Manifest[], defaults: { org?: Sourced; tenant?: Sourced }): PlannedObject[] {
  const planned = docs.map((d) => planOne(d, defaults));
  return planned
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.fqn.split('/').length - b.p.fqn.split('/').length || a.i - b.i)
    .map(({ p }) => p);
}

function planOne(d: Manifest, defaults: { org?: Sourced; tenant?: Sourced }): PlannedObject {
  // Envelope keys in any case, as TSB's tctl (Go encoding/json) reads them.
  const o = decodeEnvelopeKeys(d.object) as Record<string, unknown>;
  const bad = (field: string, why: string): MeshError => new MeshError(TctlErrors.ManifestInvalid, `${d.source}: ${field} ${why}`, { field });
  if (typeof o.apiVersion !== 'string') throw bad('apiVersion', 'is required (e.g. api.tsb.tetrate.io/v2)');
  if (typeof o.kind !== 'string') throw bad('kind', 'is required (e.g. Tenant)');
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  if (typeof o.metadata !== 'object' || o.metadata === null) throw bad('metadata', 'is required with at least name');
  const bindings = bindingsKindOf(o.apiVersion, o.kind);
  if (bindings) return planBindings(d, bindings, meta, defaults, bad);
  checkName(meta.name, `${d.source}: metadata.name`);
  const annotations = (meta.annotations ?? {}) as Record<string, unknown>;
  const resolved = resolveKind(o.apiVersion, o.kind, levelAnnotations(meta, annotations));
  if (!('kind' in resolved)) {
    if (resolved.problem !== 'which-group')
      throw new MeshError(TctlErrors.KindNotRecognized, `${d.source}: ${o.apiVersion} ${o.kind} is not a kind meshbridge serves`, { field: 'kind' });
    throw bad(
      'metadata.annotations',
      `must say which group ${o.kind} lives in: one of ${resolved.candidates.map((k) => LEVEL_ANNOTATIONS[k.parent as Exclude<Level, 'root'>]).join(', ')}`,
    );
  }
  const kind = resolved.kind;
  let fqn = '';
  let org: Sourced | undefined;
  let tenant: Sourced | undefined;
  for (const step of ancestorSteps(kind)) {
    const given = givenAncestor(step, meta);
    let v: Sourced | undefined;
    if (given)
      v = { value: given.value, source: given.from === 'metadata' ? `metadata.${step.meta} in ${d.source}` : `annotation ${step.annotation} in ${d.source}` };
    else if (step.meta === 'organization') v = defaults.org;
    else if (step.meta === 'tenant') v = defaults.tenant;
    if (!v) throw bad(`metadata.${step.meta}`, `is required for ${o.kind} (it lives in a ${kind.parent})`);
    checkName(v.value, `${d.source}: metadata.${step.meta}`);
    if (step.meta === 'organization') org = v;
    if (step.meta === 'tenant') tenant = v;
    fqn = `${fqn ? `${fqn}/` : ''}${step.collection}/${v.value}`;
  }
  const parent = fqn;
  fqn = `${parent ? `${parent}/` : ''}${kind.collection}/${meta.name as string}`;
  const object = { ...o, metadata: { ...meta } } as unknown as ResourceObject;
  if (org && kind.parent !== 'root') object.metadata.organization = org.value;
  if (tenant && LEVEL_PATH[kind.parent].some((s) => s.meta === 'tenant')) object.metadata.tenant = tenant.value;
  return { source: d.source, kind, fqn, parent, object, ...(org ? { org } : {}), ...(tenant ? { tenant } : {}) };
}

/**
 * TSB's AccessBindings documents: the target is named by the metadata ancestors of the kind's
 * level (TenantAccessBindings: organization + tenant), or by metadata.fqn for AccessBindings.
 */
function planBindings(
  d: Manifest,
  kind: KindInfo,
  meta: Record<string, unknown>,
  defaults: { org?: Sourced; tenant?: Sourced },
  bad: (f: string, why: string) => MeshError,
): PlannedObject {
  let target = '';
  let org: Sourced | undefined;
  let tenant: Sourced | undefined;
  if (kind === GENERIC_BINDINGS) {
    if (typeof meta.fqn !== 'string' || !meta.fqn) throw bad('metadata.fqn', 'is required for AccessBindings (the FQN whose bindings these are)');
    target = meta.fqn.replace(/^\/+|\/+$/g, '');
  } else {
    const steps = LEVEL_PATH[kind.parent];
    steps.forEach((step, i) => {
      let v: Sourced | undefined;
      const own = meta[step.meta] ?? (i === steps.length - 1 ? meta.name : undefined);
      if (typeof own === 'string' && own !== '') v = { value: own, source: `metadata.${step.meta} in ${d.source}` };
      else if (step.meta === 'organization') v = defaults.org;
      else if (step.meta === 'tenant') v = defaults.tenant;
      if (!v) throw bad(`metadata.${step.meta}`, `is required for ${kind.kind}`);
      if (step.meta === 'organization') org = v;
      if (step.meta === 'tenant') tenant = v;
      target = `${target ? `${target}/` : ''}${step.collection}/${v.value}`;
    });
  }
  const object = {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: { ...meta, name: target.split('/').pop() as string },
    spec: (d.object.spec ?? {}) as Record<string, unknown>,
  };
  return { source: d.source, kind, fqn: `${target}/accessbindings`, parent: target, object, ...(org ? { org } : {}), ...(tenant ? { tenant } : {}) };
}
