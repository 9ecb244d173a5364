// Public surface of src/translate: mesh configuration → Istio objects per cluster. Pure.
export type { ConfigResource, ClusterInfo, GatewayInfo, InventoryService, IstioObject } from './model.js';
export { objectKey, FQN_ANNOTATION, MANAGED_LABEL, MANAGED_VALUE, OWNER_LABEL } from './model.js';
export { buildIndex, type ConfigIndex } from './scope.js';
export { translateCluster, affectedClusters, type TranslationCache } from './translate.js';
export { selectorMatches } from './selector.js';
export { validateIstioObject, isKnownIstioKind, type IstioViolation } from './istio-validator.js';
export { meshView, type MeshView } from './mesh.js';
export { FAIL_CLOSED_ANNOTATION } from './security.js';
export { extAuthzProvider } from '../api/index.js';
export { fieldNotes, references, withNotes, type TranslationNote, type Reference } from './notes.js';
export { mandateConflictNotes } from './profiles.js';
export { crossClusterNotes } from './multicluster/notes.js';
