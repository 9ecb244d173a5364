import { LEVEL_PATH, MeshError, TctlErrors, type KindInfo } from '../../api/index.js';
import type { ChangeEvent } from '../../client/index.js';
import { type CommandContext } from '../../command/index.js';
import { defineCommand } from '../tctl-command.js';
import { formatTable, parseOutputFormat, UsageError, type OutputFormat } from '../../command/index.js';
import { kindsHelp } from '../session/kind-ref.js';
import { SCOPE_OPTIONS, explainNotFound, parentFqn, scopeFromFlags, type Scope } from '../session/scope.js';
import { bindingsKind, getBindings, GENERIC_BINDINGS } from '../session/bindings.js';
import { opt, withSession, type Session } from '../session/session.js';
import { fetchTarget, resolveTarget } from '../session/targets.js';
import { renderObjects } from '../output/render.js';
import { filterAll, listAll } from './_get-all.js';

/** tctl get */
export default defineCommand({
  summary: 'Get one or many resources',
  usage: '<kind|short form|apiVersion/kind> [NAME...] | all [--kind K] [--api-version V] [--fqdn HOST]',
  description: `Scope comes from --org/--tenant (default: the profile's user entry) and -w/-g/-t/-s/-l/-i.\n\nKinds (short form, kind, apiVersion):\n${kindsHelp()}`,
  examples: ['tctl get tenants', 'tctl get ws -o yaml', 'tctl get tg -w payments', 'tctl get all --tenant prod --kind IngressGateway', 'tctl get tns --watch'],
  options: {
    ...SCOPE_OPTIONS,
    'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json (get all: yaml)' },
    watch: { type: 'boolean', description: 'after printing, stream changes until interrupted' },
    kind: { type: 'string', value: 'KIND', description: 'get all: only this kind' },
    'api-version': { type: 'string', value: 'VERSION', description: 'get all: only this apiVersion' },
    fqdn: { type: 'string', value: 'HOST', description: 'get all: only objects that reference this host name' },
    'max-concurrent-requests': { type: 'string', value: 'N', default: '8', description: 'get all: parallel requests' },
  },
  async run(ctx) {
    await withSession(ctx, async (s) => {
      if (ctx.positionals[0] === 'all') return getAll(ctx, s);
      const format = parseOutputFormat(ctx.options['output-type']);
      const bk = ctx.positionals[0] ? bindingsKind(ctx.positionals[0]) : undefined;
      if (bk) return getAccessBindings(ctx, s, bk, format);
      const t = await resolveTarget(ctx, s, ctx.positionals);
      const objects = await fetchTarget(s, t);
      ctx.io.stdout.write(renderObjects(objects, format, t.names.length === 1));
      if (ctx.options.watch) {
        const collection = `${t.parent ? `${t.parent}/` : ''}${t.kind.collection}`;
        const exact = t.names.length ? new Set(t.names.map((n) => `${collection}/${n}`)) : undefined;
        // The server filters by an FQN prefix; narrowing to this collection (and names) is ours.
        const wanted = (fqn: string): boolean =>
          exact ? exact.has(fqn) : fqn.startsWith(`${collection}/`) && fqn.split('/').length === collection.split('/').length + 1;
        await watch(ctx, s, t.parent || undefined, wanted, format);
      }
    });
  },
});

/** `tctl get tnab prod`: the access bindings of one object, as TSB's envelope or a ROLE/SUBJECTS table. */
async function getAccessBindings(ctx: CommandContext, s: Session, kind: KindInfo, format: OutputFormat): Promise<void> {
  const name = ctx.positionals[1];
  let target: string;
  let scope: Scope = scopeFromFlags(ctx, s);
  if (kind === GENERIC_BINDINGS) {
    if (!name) throw new UsageError('AccessBindings needs the FQN of the object: tctl get ab organizations/<org>/tenants/<tenant>');
    target = name.replace(/^\/+|\/+$/g, '');
  } else {
    const last = LEVEL_PATH[kind.parent].at(-1)?.meta as string;
    const key = last === 'organization' ? 'org' : (last as 'tenant' | 'workspace' | 'group');
    if (name) scope = { ...scope, [key]: { value: name, source: 'the NAME argument' } };
    target = await parentFqn(s, kind, scope);
  }
  let obj;
  try {
    obj = await getBindings(s, kind, target);
  } catch (e) {
    throw await explainNotFound(s, e, target, scope);
  }
  if (format === 'table') {
    const allow = (obj.spec?.allow ?? []) as { role: string; subjects: Record<string, string>[] }[];
    if (allow.length === 0) return void ctx.io.stdout.write(`No access bindings on ${target}\n`);
    const rows = allow.map((b) => [
      b.role,
      b.subjects
        .map((x) =>
          Object.entries(x)
            .map(([k, v]) => `${k}:${v}`)
            .join(','),
        )
        .join(' '),
    ]);
    return void ctx.io.stdout.write(formatTable(['ROLE', 'SUBJECTS'], rows));
  }
  ctx.io.stdout.write(renderObjects([obj], format, true));
}

async function getAll(ctx: CommandContext, s: Session): Promise<void> {
  const format = parseOutputFormat(ctx.options['output-type'], 'yaml');
  if (!s.org)
    throw new MeshError(
      TctlErrors.OrganizationMissing,
      `get all needs an organization (no --org flag, and profile "${s.profileName}" → user "${s.userName}" has no org)`,
      { fix: `tctl config users set ${s.userName} --org <org>  (or pass --org)` },
    );
  const root = `organizations/${s.org.value}${s.tenant ? `/tenants/${s.tenant.value}` : ''}`;
  try {
    await s.client.get(root);
  } catch (e) {
    throw await explainNotFound(s, e, root, { org: s.org, ...(s.tenant ? { tenant: s.tenant } : {}) });
  }
  const n = Number(opt(ctx, 'max-concurrent-requests') ?? '8');
  const all = await listAll(s, root, s.tenant ? 'tenant' : 'organization', Number.isInteger(n) && n > 0 ? n : 8);
  const kept = filterAll(all, { kind: opt(ctx, 'kind'), apiVersion: opt(ctx, 'api-version'), fqdn: opt(ctx, 'fqdn') });
  ctx.io.stdout.write(renderObjects(kept, format, false));
}

/** Streams changes under `prefix` until the stream ends or the process is interrupted. */
async function watch(ctx: CommandContext, s: Session, prefix: string | undefined, wanted: (fqn: string) => boolean, format: OutputFormat): Promise<void> {
  const from = await latestRevision(s);
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  try {
    await s.client.watch(
      from,
      prefix,
      (e: ChangeEvent) => {
        if (!wanted(e.fqn)) return;
        if (format === 'json') ctx.io.stdout.write(`${JSON.stringify(e)}\n`);
        else ctx.io.stdout.write(formatTable(['REVISION', 'OP', 'KIND', 'FQN'], [[String(e.revision), e.op, e.kind, e.fqn]]).split('\n')[1] + '\n');
      },
      ac.signal,
    );
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

/**
 * The revision the printed list reflects. docs/api.md gives no revision on list answers, so take
 * the newest audit entry (newest first); without audit access, watch from the server's "now".
 */
async function latestRevision(s: Session): Promise<number | undefined> {
  try {
    const entries = await s.client.audit({ limit: 1 });
    return entries.length ? Math.max(...entries.map((e) => e.revision)) : undefined;
  } catch {
    return undefined;
  }
}
