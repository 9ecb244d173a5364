// Public surface of src/server/health: the fleet's sidecar health view (issue #13).
export { FleetHealth, type ClusterHealthView, type PodHealthView } from './fleet-health.js';
export { HealthService, type FleetSummary } from './health-service.js';
