// The authorization matrix, shared by the store-level suite and the HTTP slice: the resource tree,
// the role table written out independently of src/server/rbac, and the expected outcome of every
// (role, grant level, operation, target) computed from that table and the tree alone.
export const ORG = 'organizations/o';

/** Two tenants, each with a workspace, a traffic group and a service route inside it. */
export function tenantTree(tenant: string): { tenant: string; workspace: string; group: string; child: string } {
  const t = `${ORG}/tenants/${tenant}`;
  const w = `${t}/workspaces/w`;
  const g = `${w}/trafficgroups/g`;
  return { tenant: t, workspace: w, group: g, child: `${g}/serviceroutes/r` };
}

export const T1 = tenantTree('t1');
export const T2 = tenantTree('t2');

/** Where a role is granted. */
export const GRANT_LEVELS = { organization: ORG, tenant: T1.tenant, workspace: T1.workspace, group: T1.group } as const;

/** Where operations are attempted: every level of t1, and of t2 for cross-tenant isolation. */
export const TARGETS: readonly string[] = [ORG, T1.tenant, T1.workspace, T1.group, T1.child, T2.tenant, T2.workspace, T2.group, T2.child];

/** TSB's built-in roles (reference/tsb.md §1.3), written out here, not imported. */
export const ROLE_TABLE: Readonly<Record<string, readonly string[]>> = {
  'rbac/admin': ['READ', 'WRITE', 'CREATE', 'DELETE', 'SET_POLICY', 'GET_POLICY'],
  'rbac/editor': ['READ', 'WRITE', 'CREATE'],
  'rbac/creator': ['READ', 'CREATE'],
  'rbac/writer': ['READ', 'WRITE'],
  'rbac/reader': ['READ'],
};

export type Op = 'read' | 'create' | 'update' | 'delete' | 'set-policy' | 'get-policy';
export const OPS: readonly Op[] = ['read', 'create', 'update', 'delete', 'set-policy', 'get-policy'];

/** The permission an operation needs and the FQN it is checked on (create: the new object's parent). */
export function checkOf(op: Op, target: string): { permission: string; on: string } {
  const parent = target.split('/').slice(0, -2).join('/');
  const permission = { read: 'READ', create: 'CREATE', update: 'WRITE', delete: 'DELETE', 'set-policy': 'SET_POLICY', 'get-policy': 'GET_POLICY' }[op];
  return { permission, on: op === 'create' ? parent : target };
}

function within(fqn: string, ancestor: string): boolean {
  return fqn !== '' && (fqn === ancestor || fqn.startsWith(`${ancestor}/`));
}

/** 'allow', or the denial a caller must see: 'forbidden' when it may read the FQN, else 'notfound'. */
export function expected(role: string, grantAt: string, op: Op, target: string): 'allow' | 'forbidden' | 'notfound' {
  const { permission, on } = checkOf(op, target);
  const reaches = within(on, grantAt);
  if (reaches && ROLE_TABLE[role].includes(permission)) return 'allow';
  // Creating an organization is nobody's to grant; the root is not a resource one could "not see".
  if (on === '') return 'forbidden';
  return reaches ? 'forbidden' : 'notfound';
}

/** The cluster whose credentials (its agent's identity) the credentials slice works on. */
export const CLUSTER = `${ORG}/clusters/c1`;

/** Where a role is granted for the credentials slice: the organization, the cluster itself, and a tenant (which does not reach clusters). */
export const CREDENTIAL_GRANT_LEVELS = { organization: ORG, cluster: CLUSTER, tenant: T1.tenant } as const;

/** Operations on a cluster's identity: list key ids, mint, rotate (?rotate=true), revoke one key, revoke all, create a cluster (which mints its first key). */
export type CredentialOp = 'list-credentials' | 'mint-credentials' | 'rotate-credentials' | 'revoke-credential' | 'revoke-credentials' | 'create-cluster';
export const CREDENTIAL_OPS: readonly CredentialOp[] = [
  'list-credentials',
  'mint-credentials',
  'rotate-credentials',
  'revoke-credential',
  'revoke-credentials',
  'create-cluster',
];

/**
 * Expected outcome of a credentials operation: whatever hands out or takes away an identity needs
 * SET_POLICY on the cluster (as a service account's keys); listing key ids needs READ; creating a
 * cluster needs CREATE on the organization and SET_POLICY on the new cluster (it returns a key).
 */
export function expectedCredential(role: string, grantAt: string, op: CredentialOp, cluster: string = CLUSTER): 'allow' | 'forbidden' | 'notfound' {
  const check = (permission: string, on: string): 'allow' | 'forbidden' | 'notfound' => {
    const reaches = within(on, grantAt);
    if (reaches && ROLE_TABLE[role].includes(permission)) return 'allow';
    return reaches ? 'forbidden' : 'notfound';
  };
  if (op === 'list-credentials') return check('READ', cluster);
  if (op !== 'create-cluster') return check('SET_POLICY', cluster);
  const create = expected(role, grantAt, 'create', `${ORG}/clusters/new`);
  return create === 'allow' ? check('SET_POLICY', `${ORG}/clusters/new`) : create;
}
