// Public surface of src/server/distribute: cluster distribution as a server extension.
export { distributionExtension, clusterHook, type DistributionOptions } from './extension.js';
export { Distributor, DEFAULT_OPTIONS, type DistributorOptions } from './distributor.js';
export { aggregate, type ResourceStatus } from '../status/index.js';
export { metrics as distributionMetrics } from './metrics.js';
