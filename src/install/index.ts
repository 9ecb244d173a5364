// Public surface of src/install: install.tetrate.io CRs → Kubernetes objects. Pure (no I/O).
export { renderInstall, type ManifestTarget, type RenderResult } from './render.js';
export { checkOverlaidObjects } from './overlay-check.js';
export type { InstallSource } from './parse.js';
export { renderCrd, renderCrds } from './crds.js';
export { crSchema, specSchema, GATEWAY_KINDS, INSTALL_API_VERSION, type InstallKind, type GatewayKind } from './schema/install-crs.js';
export { checkSchema, type SchemaIssue, type SchemaReport } from './schema/validate.js';
export { toCrdSchema, type Schema } from './schema/structural.js';
export { parseOverlayPath, applyPatch, applyOverlays, type Overlay, type OverlayPatch, type PathSegment } from './overlay.js';
export { parseQuantity, quantityProblem, QUANTITY_PATTERN } from './quantity.js';
export { assertDnsLabel } from './naming.js';
export { sortObjects, type KubeObject } from './canonical.js';
export type * from './types.js';
