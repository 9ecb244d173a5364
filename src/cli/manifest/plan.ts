import { checkName, decodeEnvelopeKeys, findKind, KINDS, LEVEL_PATH, MeshError, TctlErrors, type KindInfo, type Level } from '../../api/core.js';
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

// TSB's direct-mode Istio objects name their place with annotations instead of metadata fields.
const ANNOTATION_OF: Record<string, string> = {
  organization: 'tsb.tetrate.io/organization',
  tenant: 'tsb.tetrate.io/tenant',
  workspace: 'tsb.tetrate.io/workspace',
};
const GROUP_ANNOTATIONS: Record<string, Level> = {
  'tsb.tetrate.io/gatewayGroup': 'gatewaygroup',
  'tsb.tetrate.io/trafficGroup': 'trafficgroup',
  'tsb.tetrate.io/securityGroup': 'securitygroup',
  'tsb.tetrate.io/istioInternalGroup': 'istiointernalgroup',
};

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
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  const groupLevel = Object.entries(GROUP_ANNOTATIONS).find(([a]) => annotations[a])?.[1];
  const candidates = KINDS.filter((k) => findKind(o.apiVersion as string, o.kind as string, k.parent) === k);
  if (candidates.length === 0) throw new MeshError(TctlErrors.KindNotRecognized, `${d.source}: ${o.apiVersion} ${o.kind} is not a kind meshbridge serves`, { field: 'kind' });
  const kind = candidates.length === 1 ? candidates[0] : candidates.find((k) => k.parent === groupLevel);
  if (!kind) {
    throw bad('metadata.annotations', `must say which group ${o.kind} lives in: one of ${candidates.map((k) => Object.entries(GROUP_ANNOTATIONS).find(([, l]) => l === k.parent)?.[0]).join(', ')}`);
  }
  let fqn = '';
  let org: Sourced | undefined;
  let tenant: Sourced | undefined;
  for (const step of LEVEL_PATH[kind.parent]) {
    const ann = step.meta === 'group' ? Object.entries(GROUP_ANNOTATIONS).find(([, l]) => l === kind.parent)?.[0] : ANNOTATION_OF[step.meta];
    let v: Sourced | undefined;
    if (typeof meta[step.meta] === 'string' && meta[step.meta] !== '') v = { value: meta[step.meta] as string, source: `metadata.${step.meta} in ${d.source}` };
    else if (ann && annotations[ann]) v = { value: annotations[ann], source: `annotation ${ann} in ${d.source}` };
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
function planBindings(d: Manifest, kind: KindInfo, meta: Record<string, unknown>, defaults: { org?: Sourced; tenant?: Sourced }, bad: (f: string, why: string) => MeshError): PlannedObject {
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
  const object = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { ...meta, name: target.split('/').pop() as string }, spec: (d.object.spec ?? {}) as Record<string, unknown> };
  return { source: d.source, kind, fqn: `${target}/accessbindings`, parent: target, object, ...(org ? { org } : {}), ...(tenant ? { tenant } : {}) };
}
