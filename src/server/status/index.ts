// Resource status: per-cluster outcomes folded into TSB's status, written by distribution and read by the API.
export { aggregate, aggregateRecords, clusterRecord, outcomeOf, readResourceStatus, type ClusterOutcome, type ResourceStatus } from './resource-status.js';
