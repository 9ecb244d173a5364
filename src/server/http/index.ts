// The HTTP edge of the management plane: every REST route, the one authentication pre-handler and the error mapping.
export { buildApp, type AppOptions } from './app.js';
export { createMetrics, instrumentStore, type ServerMetrics } from './metrics.js';
export { CachedAuthenticator, authenticatedRoutes } from './authenticate.js';
export { registerLoginRoutes, registerAccountRoutes } from './auth-routes.js';
export { registerAccessBindingRoutes } from './access-bindings-routes.js';
export { sendProblem, registerProblemHandling } from './problem.js';
export { principalOf } from './principal.js';
