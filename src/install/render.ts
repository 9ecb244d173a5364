import { MeshError, InstallErrors } from '../api/index.js';
import { sortObjects, type KubeObject } from './canonical.js';
import { applyOverlays, type Overlay } from './overlay.js';
import { parseYamlDocuments, validateCr, type InstallSource, type ParsedCr } from './parse.js';
import { GATEWAY_KINDS, type GatewayKind, type InstallKind } from './schema/install-crs.js';
import type { ControlPlaneSpec, GatewaySpec, InstallCr, ManagementPlaneSpec } from './types.js';
import type { RenderContext } from './render/context.js';
import { renderManagementPlane } from './render/management-plane.js';
import { renderControlPlane } from './render/control-plane.js';
import { renderGateway } from './render/gateway.js';
import { renderCrds } from './crds.js';

/** What `tctl install manifest <target>` renders. */
export type ManifestTarget = 'management-plane' | 'control-plane' | 'gateway' | 'crds';

/** Rendered objects in apply order, plus notes for stderr. */
export interface RenderResult {
  objects: KubeObject[];
  warnings: string[];
}

const TARGET_KINDS: Record<Exclude<ManifestTarget, 'crds'>, readonly InstallKind[]> = {
  'management-plane': ['ManagementPlane'],
  'control-plane': ['ControlPlane'],
  gateway: GATEWAY_KINDS,
};

function overlaysOf(cr: ParsedCr): { field: string; overlays: Overlay[] }[] {
  const spec = cr.doc.spec as Record<string, unknown>;
  const at = (field: string, ks: { overlays?: Overlay[] } | undefined): { field: string; overlays: Overlay[] }[] => (ks?.overlays?.length ? [{ field: `${field}.overlays`, overlays: ks.overlays }] : []);
  if (cr.kind === 'ManagementPlane') {
    const s = spec as unknown as ManagementPlaneSpec;
    return [
      ...at('spec.components.apiServer.kubeSpec', s.components?.apiServer?.kubeSpec),
      ...at('spec.components.frontEnvoy.kubeSpec', s.components?.frontEnvoy?.kubeSpec),
      ...at('spec.dataStore.demoPostgres.kubeSpec', s.dataStore?.demoPostgres?.kubeSpec),
    ];
  }
  if (cr.kind === 'ControlPlane') {
    const s = spec as unknown as ControlPlaneSpec;
    return [...at('spec.components.xcp.kubeSpec', s.components?.xcp?.kubeSpec), ...at('spec.components.istio.kubeSpec', s.components?.istio?.kubeSpec)];
  }
  return at('spec.kubeSpec', (spec as GatewaySpec).kubeSpec);
}

function renderOne(cr: ParsedCr, ctx: RenderContext): KubeObject[] {
  const typed = cr.doc as unknown as InstallCr<never>;
  const objects =
    cr.kind === 'ManagementPlane' ? renderManagementPlane(typed as InstallCr<ManagementPlaneSpec>, ctx)
      : cr.kind === 'ControlPlane' ? renderControlPlane(typed as InstallCr<ControlPlaneSpec>, ctx)
        : renderGateway(typed as InstallCr<GatewaySpec>, cr.kind as GatewayKind);
  for (const { field, overlays } of overlaysOf(cr)) ctx.warnings.push(...applyOverlays(objects, overlays, field));
  return objects;
}

function checkUnique(objects: readonly KubeObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    // Namespaces are shared by design (two CRs in one namespace); anything else twice is a clash.
    if (seen.has(id) && o.kind !== 'Namespace') throw new MeshError(InstallErrors.InstallFieldInvalid, `two input CRs render the same object ${id}; give them different names or namespaces`, { field: 'metadata.name' });
    seen.add(id);
  }
}

/** Parses, validates and renders install CRs for one manifest target; pure and deterministic. */
export function renderInstall(target: ManifestTarget, sources: readonly InstallSource[], opts: { version: string }): RenderResult {
  if (target === 'crds') return { objects: sortObjects(renderCrds()), warnings: [] };
  const docs = parseYamlDocuments(sources);
  if (docs.length === 0) throw new MeshError(InstallErrors.InstallNoInput, `no ${TARGET_KINDS[target].join('/')} document found in ${sources.map((s) => s.name).join(', ') || 'the input'}`);
  const crs = docs.map((d) => validateCr(d.source, d.value, TARGET_KINDS[target]));
  const warnings: string[] = [];
  const objects: KubeObject[] = [];
  for (const cr of crs) {
    const ctx: RenderContext = { version: opts.version, warnings: cr.ignored.map((ig) => `${ig.path}: ignored: ${ig.why}`) };
    objects.push(...renderOne(cr, ctx));
    warnings.push(...ctx.warnings.map((w) => `${cr.source}: ${w}`));
  }
  const unique = objects.filter((o, i) => o.kind !== 'Namespace' || objects.findIndex((x) => x.kind === 'Namespace' && x.metadata.name === o.metadata.name) === i);
  checkUnique(unique);
  return { objects: sortObjects(unique), warnings };
}
