import { LEVEL_PATH, MeshError, TctlErrors, type KindInfo, type Level } from '../../api/index.js';
import type { ResourceObject } from '../../client/index.js';
import type { Session } from './session.js';

/** TSB's per-level AccessBindings kinds (rbac.tsb.tetrate.io/v2) and the level each targets. */
export const BINDING_KINDS: readonly KindInfo[] = (
  [
    ['OrganizationAccessBindings', 'oab', 'organization'],
    ['TenantAccessBindings', 'tnab', 'tenant'],
    ['WorkspaceAccessBindings', 'wab', 'workspace'],
    ['GatewayAccessBindings', 'gab', 'gatewaygroup'],
    ['TrafficAccessBindings', 'tab', 'trafficgroup'],
    ['SecurityAccessBindings', 'sab', 'securitygroup'],
    ['IstioInternalAccessBindings', 'iab', 'istiointernalgroup'],
  ] as const
).map(([kind, short, parent]) => ({
  apiVersion: 'rbac.tsb.tetrate.io/v2',
  kind,
  collection: 'accessbindings',
  parent: parent as Level,
  bodyKey: 'allow',
  short: [short],
}));

/** The generic kind whose target is `metadata.fqn`. */
export const GENERIC_BINDINGS: KindInfo = {
  apiVersion: 'rbac.tsb.tetrate.io/v2',
  kind: 'AccessBindings',
  collection: 'accessbindings',
  parent: 'root',
  bodyKey: 'allow',
  short: ['ab'],
};

/** The bindings kind a user typed (short form, kind or apiVersion/kind), if it is one. */
export function bindingsKind(word: string): KindInfo | undefined {
  const w = word.replace(/^rbac\.tsb\.tetrate\.io\/v2\//, '').toLowerCase();
  return [...BINDING_KINDS, GENERIC_BINDINGS].find((k) => k.short.includes(w) || k.kind.toLowerCase() === w);
}

/** The bindings kind of a document's apiVersion/kind, if it is one. */
export function bindingsKindOf(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  if (apiVersion !== 'rbac.tsb.tetrate.io/v2' || typeof kind !== 'string') return undefined;
  return [...BINDING_KINDS, GENERIC_BINDINGS].find((k) => k.kind === kind);
}

/** The wire shape of GET /v2/{fqn}/accessbindings. */
export interface AccessBindings {
  fqn: string;
  allow: { role: string; subjects: Record<string, string>[] }[];
  etag: string;
}

/** Reads the bindings of `target` as TSB's YAML envelope for the kind. */
export async function getBindings(s: Session, kind: KindInfo, target: string): Promise<ResourceObject> {
  const b = await s.client.request<AccessBindings>('GET', `/v2/${target}/accessbindings`);
  return toEnvelope(kind, target, b);
}

/** TSB's envelope: ancestors in metadata (or metadata.fqn for AccessBindings), allow in spec. */
export function toEnvelope(kind: KindInfo, target: string, b: AccessBindings): ResourceObject {
  const parts = target.split('/');
  const metadata: ResourceObject['metadata'] = { name: parts[parts.length - 1] };
  if (kind === GENERIC_BINDINGS) metadata.fqn = target;
  else LEVEL_PATH[kind.parent].forEach((step, i) => (metadata[step.meta] = parts[i * 2 + 1]));
  metadata.resourceVersion = b.etag;
  return { apiVersion: kind.apiVersion, kind: kind.kind, metadata, spec: { allow: b.allow } };
}

/** Replaces the bindings of `target` unless they already equal `allow`; returns the outcome. */
export async function applyBindings(s: Session, target: string, allow: unknown): Promise<'configured' | 'unchanged'> {
  if (!Array.isArray(allow))
    throw new MeshError(TctlErrors.ManifestInvalid, `${target}: spec.allow must be a list of {role, subjects}`, { field: 'spec.allow' });
  const current = await s.client.request<AccessBindings>('GET', `/v2/${target}/accessbindings`);
  if (JSON.stringify(normalise(current.allow)) === JSON.stringify(normalise(allow))) return 'unchanged';
  await s.client.request('PUT', `/v2/${target}/accessbindings`, { allow, etag: current.etag });
  return 'configured';
}

function normalise(allow: unknown[]): unknown[] {
  // Role spellings differ (rbac/admin vs organizations/o/roles/admin): compare on the last segment.
  return allow.map((b) => {
    const e = b as { role?: string; subjects?: Record<string, string>[] };
    return {
      role: String(e.role ?? '')
        .split('/')
        .pop(),
      subjects: (e.subjects ?? []).map((x) => JSON.stringify(x)).sort(),
    };
  });
}
