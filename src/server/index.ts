// Public surface of src/server: the management plane and its configuration.
export { createServer, ADMIN_PASSWORD_FILE, type MeshbridgeServer, type CreateServerOptions } from './server.js';
export { loadServerConfig, parseListen, envName, SERVER_FLAGS, type ServerConfig, type ConfigFlags } from './config.js';
export { tlsPaths, type TlsMaterial } from './tls/index.js';
export type * from './contracts.js';
