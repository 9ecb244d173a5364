/** TSB's YAML/JSON envelope of a resource (docs/api.md "Resources"). */
export interface ResourceObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    organization?: string;
    tenant?: string;
    workspace?: string;
    group?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** POST /v2/auth/login and /v2/auth/refresh answer. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** GET /v2/whoami answer. */
export interface Whoami {
  subject: string;
  kind: string;
  organization: string;
  username: string;
}

/** GET /v2/{fqn}/status answer. */
export interface ResourceStatus {
  status: string;
  lastEvent?: string;
  message?: string;
  clusters?: Record<string, unknown>;
}

/** One change from GET /v2/watch. */
export interface ChangeEvent {
  revision: number;
  fqn: string;
  kind: string;
  op: string;
  object?: ResourceObject;
}

/** Filters of GET /v2/audit. */
export interface AuditQuery {
  user?: string;
  kind?: string;
  fqn?: string;
  since?: string;
  limit?: number;
}

/** One audit log row. */
export interface AuditEntry {
  id: number | string;
  revision: number;
  at: string;
  actor: string;
  op: string;
  kind: string;
  fqn: string;
  etagBefore?: string | null;
  etagAfter?: string | null;
}
