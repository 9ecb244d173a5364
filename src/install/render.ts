import { MeshError, InstallErrors } from '../api/index.js';
import { sortObjects, type KubeObject } from './canonical.js';
import { applyOverlays } from './overlay.js';
import { checkKubeSpec } from './kube-spec-checks.js';
import { parseYamlDocuments, validateCr, type InstallSource, type ParsedCr } from './parse.js';
import { GATEWAY_KINDS, type GatewayKind, type InstallKind } from './schema/install-crs.js';
import type { ControlPlaneSpec, GatewaySpec, InstallCr, KubeSpec, ManagementPlaneSpec } from './types.js';
import type { RenderContext } from './render/context.js';
import { renderManagementPlane } from './render/management-plane.js';
import { renderControlPlane } from './render/control-plane.js';
import { renderGateway } from './render/gateway.js';
import { renderCrds } from './crds.js';

/** What `tctl install manifest <target>` renders. */
export type ManifestTarget = 'management-plane' | 'control-plane' | 'gateway' | 'crds';

/** Rendered objects in apply order, notes for stderr, and which objects overlays patched (by overlay path). */
export interface RenderResult {
  objects: KubeObject[];
  warnings: string[];
  overlaid: { field: string; kind: string; namespace?: string; name: string }[];
}

const TARGET_KINDS: Record<Exclude<ManifestTarget, 'crds'>, readonly InstallKind[]> = {
  'management-plane': ['ManagementPlane'],
  'control-plane': ['ControlPlane'],
  gateway: GATEWAY_KINDS,
};

function kubeSpecsOf(cr: ParsedCr): { field: string; ks: KubeSpec | undefined }[] {
  const spec = cr.doc.spec as Record<string, unknown>;
  if (cr.kind === 'ManagementPlane') {
    const s = spec as unknown as ManagementPlaneSpec;
    return [
      { field: 'spec.components.apiServer.kubeSpec', ks: s.components?.apiServer?.kubeSpec },
      { field: 'spec.components.frontEnvoy.kubeSpec', ks: s.components?.frontEnvoy?.kubeSpec },
      { field: 'spec.dataStore.demoPostgres.kubeSpec', ks: s.dataStore?.demoPostgres?.kubeSpec },
    ];
  }
  if (cr.kind === 'ControlPlane') {
    const s = spec as unknown as ControlPlaneSpec;
    return [
      { field: 'spec.components.xcp.kubeSpec', ks: s.components?.xcp?.kubeSpec },
      { field: 'spec.components.istio.kubeSpec', ks: s.components?.istio?.kubeSpec },
    ];
  }
  return [{ field: 'spec.kubeSpec', ks: (spec as GatewaySpec).kubeSpec }];
}

function renderOne(cr: ParsedCr, ctx: RenderContext, touched: Map<KubeObject, string>): KubeObject[] {
  for (const { field, ks } of kubeSpecsOf(cr)) checkKubeSpec(ks, field);
  const typed = cr.doc as unknown as InstallCr<never>;
  const objects =
    cr.kind === 'ManagementPlane'
      ? renderManagementPlane(typed as InstallCr<ManagementPlaneSpec>, ctx)
      : cr.kind === 'ControlPlane'
        ? renderControlPlane(typed as InstallCr<ControlPlaneSpec>, ctx)
        : renderGateway(typed as InstallCr<GatewaySpec>, cr.kind as GatewayKind);
  for (const { field, ks } of kubeSpecsOf(cr)) {
    if (ks?.overlays?.length) ctx.warnings.push(...applyOverlays(objects, ks.overlays, `${field}.overlays`, touched));
  }
  const cniOverlays = cr.kind === 'ControlPlane' ? (cr.doc.spec as unknown as ControlPlaneSpec).components?.istio?.cniOverlays : undefined;
  if (cniOverlays?.length) ctx.warnings.push(...applyOverlays(objects, cniOverlays, 'spec.components.istio.cniOverlays', touched));
  return objects;
}

function checkUnique(objects: readonly KubeObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    // Namespaces are shared by design (two CRs in one namespace); anything else twice is a clash.
    if (seen.has(id) && o.kind !== 'Namespace')
      throw new MeshError(InstallErrors.InstallFieldInvalid, `two input CRs render the same object ${id}; give them different names or namespaces`, {
        field: 'metadata.name',
      });
    seen.add(id);
  }
}

/** Parses, validates and renders install CRs for one manifest target; pure and deterministic. */
export function renderInstall(target: ManifestTarget, sources: readonly InstallSource[], opts: { version: string }): RenderResult {
  if (target === 'crds') return { objects: sortObjects(renderCrds()), warnings: [], overlaid: [] };
  const docs = parseYamlDocuments(sources);
  if (docs.length === 0)
    throw new MeshError(
      InstallErrors.InstallNoInput,
      `no ${TARGET_KINDS[target].join('/')} document found in ${sources.map((s) => s.name).join(', ') || 'the input'}`,
    );
  const crs = docs.map((d) => validateCr(d.source, d.value, TARGET_KINDS[target]));
  const warnings: string[] = [];
  const objects: KubeObject[] = [];
  const touched = new Map<KubeObject, string>();
  for (const cr of crs) {
    const ctx: RenderContext = { version: opts.version, warnings: cr.ignored.map((ig) => `${ig.path}: ignored: ${ig.why}`) };
    objects.push(...renderOne(cr, ctx, touched));
    warnings.push(...ctx.warnings.map((w) => `${cr.source}: ${w}`));
  }
  const unique = objects.filter(
    (o, i) => o.kind !== 'Namespace' || objects.findIndex((x) => x.kind === 'Namespace' && x.metadata.name === o.metadata.name) === i,
  );
  checkUnique(unique);
  const overlaid = [...touched].map(([o, field]) => ({ field, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }));
  return { objects: sortObjects(unique), warnings, overlaid };
}
