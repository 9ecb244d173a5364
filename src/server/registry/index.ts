// Public surface of src/server/registry: the global service registry (issue #17), built from the mesh view.
export { buildRegistry } from './build-registry.js';
export { RegistryService } from './registry-service.js';
