import type { ErrorDef } from './error-def.js';

// MB1000–MB1999: management plane core (API, store, server, auth, rbac).
export const CoreErrors = {
  Internal: { code: 'MB1000', name: 'Internal', status: 500, title: 'Internal error', fix: 'This is a bug in meshbridge: report it with the server log line that carries the same request id.' },
  InvalidInput: { code: 'MB1001', name: 'InvalidInput', status: 400, title: 'Invalid input', fix: 'Correct the field named in the message and send the request again.' },
  NotFound: { code: 'MB1002', name: 'NotFound', status: 404, title: 'Resource not found', fix: 'Check the FQN (list the parent collection to see what exists) and that you may read it.' },
  AlreadyExists: { code: 'MB1003', name: 'AlreadyExists', status: 409, title: 'Resource already exists', fix: 'Choose another name, or update the existing resource with PUT (tctl apply does this for you).' },
  EtagMismatch: { code: 'MB1004', name: 'EtagMismatch', status: 409, title: 'Stale etag', fix: 'Read the resource again, re-apply your change on the current version and send it with the new etag.' },
  DeletionProtected: { code: 'MB1005', name: 'DeletionProtected', status: 409, title: 'Deletion protection is enabled', fix: 'Disable deletionProtectionEnabled on the resource, or delete with force (tctl delete --force).' },
  ParentNotFound: { code: 'MB1006', name: 'ParentNotFound', status: 404, title: 'Parent resource not found', fix: 'Create the parent first; in a multi-document file put parents before children.' },
  NamespaceConflict: { code: 'MB1007', name: 'NamespaceConflict', status: 409, title: 'Namespace already owned by another workspace', fix: 'Remove the namespace from the other workspace, or narrow this selector so the two do not overlap.' },
  InvalidFqn: { code: 'MB1008', name: 'InvalidFqn', status: 400, title: 'Invalid FQN', fix: 'Use the form organizations/<org>/tenants/<tenant>/... with DNS-1123 names.' },
  UnknownKind: { code: 'MB1009', name: 'UnknownKind', status: 400, title: 'Unknown apiVersion/kind', fix: 'Use one of the kinds listed by `tctl get --help` (e.g. api.tsb.tetrate.io/v2 Tenant).' },
  Unauthenticated: { code: 'MB1010', name: 'Unauthenticated', status: 401, title: 'Authentication required', fix: 'Log in again with `tctl login`, or send valid Basic credentials or a bearer token.' },
  TokenExpired: { code: 'MB1011', name: 'TokenExpired', status: 401, title: 'Token expired', fix: 'Refresh the token (tctl does this automatically) or log in again with `tctl login`.' },
  Forbidden: { code: 'MB1012', name: 'Forbidden', status: 403, title: 'Permission denied', fix: 'Ask an admin of the resource (or one of its ancestors) to grant you a role that includes the missing permission.' },
  TooManyAttempts: { code: 'MB1013', name: 'TooManyAttempts', status: 429, title: 'Too many failed logins', fix: 'Wait the number of seconds given in Retry-After, then log in with the right password.' },
  PayloadTooLarge: { code: 'MB1014', name: 'PayloadTooLarge', status: 413, title: 'Request body too large', fix: 'Send a smaller body; split large applies into several resources.' },
  UnsupportedMediaType: { code: 'MB1015', name: 'UnsupportedMediaType', status: 415, title: 'Unsupported media type', fix: 'Send JSON with Content-Type: application/json.' },
  MethodNotAllowed: { code: 'MB1016', name: 'MethodNotAllowed', status: 405, title: 'Method not allowed', fix: 'Use GET/POST on collections and GET/PUT/DELETE on resources.' },
  StoreUnavailable: { code: 'MB1017', name: 'StoreUnavailable', status: 503, title: 'Store unavailable', fix: 'Check that the database is reachable (--database) and has free disk; the server retries on its own.' },
  InvalidConfig: { code: 'MB1018', name: 'InvalidConfig', status: 400, title: 'Invalid server configuration', fix: 'Correct the flag or MESHBRIDGE_* environment variable named in the message.' },
  ConfigModeMismatch: { code: 'MB1020', name: 'ConfigModeMismatch', status: 409, title: 'Resource does not fit the group\'s configMode', fix: 'Put Istio objects (Gateway, VirtualService, …) in a group with configMode DIRECT and TSB objects (IngressGateway, TrafficSetting, …) in a BRIDGED group, or change the group\'s configMode.' },
  RoleNotFound: { code: 'MB1019', name: 'RoleNotFound', status: 400, title: 'Unknown role', fix: 'Use one of rbac/admin, rbac/editor, rbac/creator, rbac/writer, rbac/reader.' },
} as const satisfies Record<string, ErrorDef>;
