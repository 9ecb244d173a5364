// The global service registry's wire shapes (issue #17), shared by the server and tctl.
export * from './service-registry.js';
