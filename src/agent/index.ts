// Public surface of src/agent: the cluster agent (stream client, snapshot cache, sinks, inventory).
export { startAgent, type AgentOptions, type RunningAgent } from './agent.js';
export { StreamClient, type AgentLog } from './stream-client.js';
export { readCredentials, type ClusterCredentials } from './credentials-file.js';
export { DirectorySink } from './sinks/directory-sink.js';
export { parseInventory } from './inventory/file-inventory.js';
export { startDemoAgent, ensureClusterCredentials, type DemoAgentOptions } from './demo.js';
export type { CniInspector } from './cni-reporter.js';
