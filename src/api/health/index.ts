// Sidecar readiness: parsers for what pilot-agent and Envoy expose, and the pure explainer that
// names the cause. Dependency-free, so tctl and the agent both import it (a light surface).
export * from './sidecar-stats.js';
export * from './sidecar-explain.js';
export * from './fleet-view.js';
