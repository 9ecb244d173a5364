// Public surface of src/server/trust: the fleet's workload trust (issue #16). Other server code
// (the root rotation) reads a cluster's view with readClusterTrust and gates on trustGates or the
// pure checks of src/api/trust (everyWorkloadHoldsRoot, everyWorkloadChainsTo, noWorkloadHoldsRoot,
// rotationProgress) over it; REST serves TrustService.fleet.
export { readClusterTrust, trustGates, type ReportedTrust } from './fleet-trust.js';
export { TrustService, type FleetTrustQuery } from './trust-service.js';
