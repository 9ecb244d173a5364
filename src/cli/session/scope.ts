import { CoreErrors, isMeshError, LEVEL_PATH, MeshError, TctlErrors, TsbUserErrors, type KindInfo, type Level } from '../../api/index.js';
import type { CommandContext, Options } from '../../command/index.js';
import { GROUP_FLAGS } from './kind-ref.js';
import type { Sourced } from './profile.js';
import { opt, type Session } from './session.js';

/** TSB's scope flags shared by get, delete, edit and status (--org/--tenant are global). */
// The group flags are GROUP_FLAGS spelled out, so their values are typed; kind-ref.test.ts checks both agree.
export const SCOPE_OPTIONS = {
  workspace: { type: 'string', short: 'w', value: 'NAME', description: 'workspace the object lives in' },
  group: { type: 'string', short: 'g', value: 'NAME', description: 'group the object lives in (any group type)' },
  trafficgroup: { type: 'string', short: 't', value: 'NAME', description: 'traffic group the object lives in' },
  securitygroup: { type: 'string', short: 's', value: 'NAME', description: 'security group the object lives in' },
  gatewaygroup: { type: 'string', short: 'l', value: 'NAME', description: 'gateway group the object lives in' },
  istiointernalgroup: { type: 'string', short: 'i', value: 'NAME', description: 'istiointernal group the object lives in' },
} as const satisfies Options;

/** The group level named by a group-type flag, when one was given. */
export function groupLevelFromFlags(ctx: CommandContext): Level | undefined {
  return GROUP_FLAGS.find((g) => opt(ctx, g.flag))?.level;
}

/** Where each scope value came from, for messages. */
export interface Scope {
  readonly org?: Sourced;
  readonly tenant?: Sourced;
  readonly workspace?: Sourced;
  readonly group?: Sourced;
}

/** The scope from flags and the profile. */
export function scopeFromFlags(ctx: CommandContext, s: Session): Scope {
  const ws = opt(ctx, 'workspace');
  const group = [...GROUP_FLAGS.map((x) => x.flag), 'group']
    .map((flag) => ({ value: opt(ctx, flag), source: `flag --${flag}` }))
    .find((x): x is Sourced => x.value !== undefined);
  return {
    ...(s.org ? { org: s.org } : {}),
    ...(s.tenant ? { tenant: s.tenant } : {}),
    ...(ws ? { workspace: { value: ws, source: 'flag --workspace' } } : {}),
    ...(group ? { group } : {}),
  };
}

const FLAG_OF: Record<string, string> = { organization: '--org', tenant: '--tenant', workspace: '-w/--workspace', group: '-g/--group' };

/**
 * The parent FQN of `kind` in `scope`. A missing organization or tenant lists what the user can
 * see and prints the `tctl config users set` command that fixes it; other levels name the flag.
 */
export async function parentFqn(s: Session, kind: KindInfo, scope: Scope): Promise<string> {
  const path = LEVEL_PATH[kind.parent];
  let fqn = '';
  for (const step of path) {
    const v = scope[step.meta === 'organization' ? 'org' : (step.meta as 'tenant' | 'workspace' | 'group')];
    if (!v) throw await missing(s, step.meta, fqn, step.collection, kind);
    fqn = `${fqn ? `${fqn}/` : ''}${step.collection}/${v.value}`;
  }
  return fqn;
}

async function missing(s: Session, meta: string, parent: string, collection: string, kind: KindInfo): Promise<MeshError> {
  const seen = await visible(s, parent, collection);
  const list =
    seen === undefined
      ? ''
      : seen.length
        ? `; ${collection} ${s.user?.username ?? 'you'} can see${parent ? ` in ${parent}` : ''}: ${seen.join(', ')}`
        : `; ${s.user?.username ?? 'you'} can see no ${collection}${parent ? ` in ${parent}` : ''}`;
  const pick = seen?.[0] ?? `<${meta}>`;
  if (meta === 'organization') {
    return new MeshError(
      TctlErrors.OrganizationMissing,
      `${kind.kind} lives in an organization, but none was given (no --org flag, and profile "${s.profileName}" → user "${s.userName}" has no org)${list}`,
      {
        fix: `tctl config users set ${s.userName} --org ${pick}${s.tenant ? ` --tenant ${s.tenant.value}` : ''}   (or pass --org ${pick})`,
      },
    );
  }
  if (meta === 'tenant') {
    return new MeshError(
      TctlErrors.TenantMissing,
      `${kind.kind} lives in a tenant, but none was given (no --tenant flag, and profile "${s.profileName}" → user "${s.userName}" has no tenant)${list}`,
      {
        fix: `tctl config users set ${s.userName} --org ${s.org?.value ?? '<org>'} --tenant ${pick}   (or pass --tenant ${pick})`,
      },
    );
  }
  return new MeshError(
    TctlErrors.ScopeMissing,
    `${kind.kind} lives in a ${kind.parent}: pass ${FLAG_OF[meta] ?? `--${meta}`}${kind.parent.endsWith('group') && meta === 'group' ? ` (or -${GROUP_FLAGS.find((g) => g.level === kind.parent)?.short})` : ''}${list}`,
    {
      fix: `Add ${FLAG_OF[meta] ?? `--${meta}`} ${pick} to the command.`,
    },
  );
}

/** Names in parent/collection the user can read, or undefined when even listing fails. */
async function visible(s: Session, parent: string, collection: string): Promise<string[] | undefined> {
  try {
    return (await s.client.list(parent, collection)).map((o) => o.metadata.name);
  } catch {
    return undefined;
  }
}

/**
 * Explains a 404 on `fqn`: a wrong organization or tenant is named with its source, the ones the
 * user can see are listed and the fixing `tctl config users set` command printed; otherwise the
 * object itself is missing and its siblings are listed.
 */
export async function explainNotFound(s: Session, e: unknown, fqn: string, scope: Scope): Promise<unknown> {
  if (!isMeshError(e, CoreErrors.NotFound) && !isMeshError(e, CoreErrors.ParentNotFound)) return e;
  // The server answered for an object the caller may not read and listed what it can reach:
  // that, not a guess from what the caller can list, says what is wrong.
  const reach = e.details?.reachable;
  if (Array.isArray(reach))
    return noRightHere(
      s,
      e,
      reach.filter((r): r is string => typeof r === 'string'),
    );
  // A list path (ending in a collection) failed because its parent is missing: explain the parent.
  const all = fqn.split('/');
  const parts = all.length % 2 === 1 ? all.slice(0, -1) : all;
  fqn = parts.join('/');
  const user = s.user?.username ?? s.userName ?? 'you';
  if (parts[0] === 'organizations' && all.length > 2 && scope.org) {
    const orgs = await visible(s, '', 'organizations');
    if (orgs && !orgs.includes(parts[1])) {
      const pick = orgs[0] ?? '<org>';
      return new MeshError(
        TctlErrors.OrganizationNotFound,
        `organization "${parts[1]}" (from ${scope.org.source}) does not exist or ${user} cannot see it; organizations ${user} can see: ${orgs.join(', ') || '(none)'}`,
        {
          fix: fixCommand(s, scope, pick, scope.tenant?.value),
          cause: e,
        },
      );
    }
    if (parts[2] === 'tenants' && all.length > 4 && scope.tenant) {
      const tenants = await visible(s, `organizations/${parts[1]}`, 'tenants');
      if (tenants && !tenants.includes(parts[3])) {
        const pick = tenants[0] ?? '<tenant>';
        return new MeshError(
          TctlErrors.TenantNotFound,
          `tenant "${parts[3]}" (from ${scope.tenant.source}) does not exist in organizations/${parts[1]} or ${user} cannot see it; tenants ${user} can see there: ${tenants.join(', ') || '(none)'}`,
          {
            fix: fixCommand(s, scope, parts[1], pick),
            cause: e,
          },
        );
      }
    }
  }
  const parent = parts.slice(0, -2).join('/');
  const siblings = await visible(s, parent, parts[parts.length - 2]);
  return new MeshError(
    TctlErrors.NotFound,
    `${fqn} not found${siblings ? `; ${parts[parts.length - 2]} in ${parent || 'the root'}: ${siblings.join(', ') || '(none)'}` : ''}`,
    { cause: e },
  );
}

const SCOPE_FLAG: Record<string, string> = { organizations: '--org', tenants: '--tenant', workspaces: '-w' };

/** "No right here": the server's words, and how to work where the user has rights instead. */
function noRightHere(s: Session, e: MeshError, reach: readonly string[]): MeshError {
  const first = reach[0];
  const fqn = typeof e.details?.fqn === 'string' ? e.details.fqn : 'the object';
  if (!first)
    return new MeshError(TsbUserErrors.NoRightHere, e.message, {
      fix: `Ask an admin of ${fqn} to bind a role to you (tctl whoami prints your subject).`,
      cause: e,
      details: { reachable: [] },
    });
  const parts = first.split('/');
  const flags = parts.map((p, i) => (i % 2 === 0 && SCOPE_FLAG[p] ? `${SCOPE_FLAG[p]} ${parts[i + 1]}` : '')).filter(Boolean);
  const org = parts[1];
  const tenant = parts[2] === 'tenants' ? parts[3] : undefined;
  const defaults = `tctl config users set ${s.userName} --org ${org}${tenant ? ` --tenant ${tenant}` : ''}`;
  return new MeshError(TsbUserErrors.NoRightHere, e.message, {
    fix: `Work where you have rights: pass ${flags.join(' ')} (or make them the default: ${defaults}); or ask an admin of ${fqn} to bind a role to you on it.`,
    cause: e,
    details: { reachable: [...reach] },
  });
}

function fixCommand(s: Session, scope: Scope, org: string, tenant?: string): string {
  const fromFlag = scope.org?.source.startsWith('flag') || scope.tenant?.source.startsWith('flag');
  const cmd = `tctl config users set ${s.userName} --org ${org}${tenant ? ` --tenant ${tenant}` : ''}`;
  return fromFlag ? `Pass --org ${org}${tenant ? ` --tenant ${tenant}` : ''}, or make it the default: ${cmd}` : cmd;
}
