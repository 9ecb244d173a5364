// The fleet's workload trust (issue #16): what each cluster's workloads hold, the rotation gates
// over it, and the REST view. Pure and dependency-free: the server, tctl and doctor import it.
export * from './cluster-trust.js';
export * from './fleet-trust-view.js';
