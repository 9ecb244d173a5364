import { CoreErrors, MeshError, parseFqn } from '../../api/index.js';

/** TSB's per-level AccessBindings kinds and the FQN segments their metadata names. */
const LEVELS: Readonly<Record<string, readonly [collection: string, meta: string][]>> = {
  OrganizationAccessBindings: [['organizations', 'organization']],
  TenantAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
  ],
  WorkspaceAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
    ['workspaces', 'workspace'],
  ],
  GatewayAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
    ['workspaces', 'workspace'],
    ['gatewaygroups', 'group'],
  ],
  TrafficAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
    ['workspaces', 'workspace'],
    ['trafficgroups', 'group'],
  ],
  SecurityAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
    ['workspaces', 'workspace'],
    ['securitygroups', 'group'],
  ],
  IstioInternalAccessBindings: [
    ['organizations', 'organization'],
    ['tenants', 'tenant'],
    ['workspaces', 'workspace'],
    ['istiointernalgroups', 'group'],
  ],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The FQN a TSB AccessBindings document (as `tctl apply` reads it from YAML) is about: from the
 * per-level kind and its metadata, or from `metadata.fqn` for the generic `AccessBindings`.
 * Throws InvalidInput naming the field to fix.
 */
export function accessBindingsTarget(doc: unknown): string {
  if (!isObject(doc))
    throw new MeshError(CoreErrors.InvalidInput, 'body: expected an AccessBindings document {apiVersion, kind, metadata, spec:{allow}}', { field: 'body' });
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const kind = doc.kind;
  if (kind === 'AccessBindings') {
    if (typeof meta.fqn !== 'string')
      throw new MeshError(CoreErrors.InvalidInput, 'metadata.fqn: required for kind AccessBindings (or use a per-level kind such as WorkspaceAccessBindings)', {
        field: 'metadata.fqn',
      });
    return parseFqn(meta.fqn).text;
  }
  const levels = typeof kind === 'string' && Object.hasOwn(LEVELS, kind) ? LEVELS[kind] : undefined;
  if (!levels) {
    throw new MeshError(
      CoreErrors.InvalidInput,
      `kind: ${JSON.stringify(kind)} is not an access-bindings kind; use AccessBindings or one of ${Object.keys(LEVELS).join(', ')}`,
      { field: 'kind' },
    );
  }
  const parts: string[] = [];
  for (const [collection, key] of levels) {
    const name = meta[key];
    if (typeof name !== 'string' || name === '')
      throw new MeshError(CoreErrors.InvalidInput, `metadata.${key}: required for ${kind}`, { field: `metadata.${key}` });
    parts.push(collection, name);
  }
  return parseFqn(parts.join('/')).text;
}
