// Public surface of src/client: the typed HTTP client of meshbridge's REST API (docs/api.md).
export { MeshClient, problemToError, fqnPath, type ClientOptions, type Credentials } from './mesh-client.js';
export { ConnectionError, classifyConnectionError, parseAddress, send, type ConnectionFailure, type TransportOptions, type RawResponse } from './transport.js';
export { parseSse, type SseEvent } from './sse.js';
export type { ResourceObject, Tokens, Whoami, ResourceStatus, ChangeEvent, AuditQuery, AuditEntry } from './types.js';
export { probeSidecar, observeReadiness, getText, type SidecarTarget, type ProbeOptions, type SidecarProbeResult } from './sidecar-probe.js';
export { forwardPort, type PortForwarder, type LocalForward } from './port-forward.js';
