// Public surface of src/server/ca: the mesh CA (one root, one plug-in CA intermediate per cluster).
export { meshCaExtension, meshCaClusterHook, rotateDue, type MeshCaExtensionOptions } from './extension.js';
export { readRoot, readClusterCa, ensureRoot, issueClusterCa, rotateClusterCa, dropClusterCa, localityOf, summarize, ROOT_SECRET, clusterSecret, type MeshCaOptions, type StoredRoot, type ClusterCa, type CertSummary } from './mesh-ca.js';
export { cacertsBody } from './ca-routes.js';
