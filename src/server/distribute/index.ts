// Cluster distribution, a server extension: the desired state of every cluster and the agent streams that deliver it.
export { distributionExtension, clusterHook, type DistributionOptions } from './extension.js';
export { Distributor, DEFAULT_OPTIONS, type DistributorOptions } from './distributor.js';
export { aggregate, type ResourceStatus } from '../status/index.js';
export { metrics as distributionMetrics } from './metrics.js';
