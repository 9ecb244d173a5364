// The mesh CA extension: one root, one Istio plug-in CA intermediate per cluster, and its REST operations.
export { meshCaExtension, meshCaClusterHook, rotateDue, type MeshCaExtensionOptions } from './extension.js';
export {
  readRoot,
  readClusterCa,
  ensureRoot,
  issueClusterCa,
  rotateClusterCa,
  rebundleClusterCa,
  dropClusterCa,
  localityOf,
  summarize,
  ROOT_SECRET,
  clusterSecret,
  type MeshCaOptions,
  type StoredRoot,
  type ClusterCa,
  type CertSummary,
} from './mesh-ca.js';
export { cacertsBody, meshCaOperations } from './ca-operations.js';
export {
  BRING_YOUR_OWN_CA,
  CACERTS_KEY,
  CACERTS_NAMESPACE,
  bringsOwnCa,
  cacertsObject,
  checkCaReport,
  fingerprints,
  type CaReportIn,
  type ClusterCaStatus,
} from './delivery.js';
export { rootRotationOperations } from './root-rotation-operations.js';
export { meshRootsPem, readRotation, readLastRotation, type RootRotation, type RotationPhase, type FinishedRotation } from './root-rotation-state.js';
export { transition, clusterProgress, holdouts, stepOf, type ClusterProgress, type ClusterReport, type WorkloadTrustIn } from './root-rotation.js';
