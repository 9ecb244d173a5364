import { MeshError, TctlErrors } from '../../../api/index.js';
import type { CommandContext } from '../../../command/index.js';
import { UsageError } from '../../../command/index.js';
import { saveConfig } from '../../config/config-file.js';
import type { TctlConfig } from '../../config/tctl-config.js';
import { openConfig } from '../../session/session.js';

/** Loads the config, lets `fn` change it, writes it back atomically. */
export async function mutateConfig(ctx: CommandContext, fn: (c: TctlConfig, path: string) => void | Promise<void>): Promise<void> {
  const { path, config } = await openConfig(ctx);
  await fn(config, path);
  await saveConfig(path, config);
}

/** The single NAME positional of set/delete commands. */
export function oneName(ctx: CommandContext, what: string): string {
  const [name, ...extra] = ctx.positionals;
  if (!name || extra.length) throw new UsageError(`expected exactly one ${what} name, got ${ctx.positionals.length}`);
  return name;
}

/** The OLD NEW positionals of rename commands. */
export function twoNames(ctx: CommandContext): [string, string] {
  if (ctx.positionals.length !== 2) throw new UsageError(`expected OLD and NEW names, got ${ctx.positionals.length} argument(s)`);
  return [ctx.positionals[0], ctx.positionals[1]];
}

type Section = 'clusters' | 'users' | 'profiles';
const ERRORS = { clusters: TctlErrors.ClusterEntryNotFound, users: TctlErrors.UserEntryNotFound, profiles: TctlErrors.ProfileNotFound };

/** Throws the section's not-found error listing what exists. */
export function requireEntry(c: TctlConfig, section: Section, name: string, path: string): void {
  if (c[section][name]) return;
  const names = Object.keys(c[section]);
  throw new MeshError(
    ERRORS[section],
    `${section.slice(0, -1)} "${name}" is not in ${path}${names.length ? `; ${section}: ${names.join(', ')}` : ` (no ${section})`}`,
    {
      fix: `List them with \`tctl config ${section} list\`, or create it with \`tctl config ${section} set ${name} ...\`.`,
    },
  );
}

/** Renames an entry, refusing to overwrite an existing one. */
export function renameEntry(c: TctlConfig, section: Section, from: string, to: string, path: string): void {
  requireEntry(c, section, from, path);
  if (c[section][to]) throw new UsageError(`${section.slice(0, -1)} "${to}" already exists; delete it first or pick another name`);
  const entries = c[section] as Record<string, unknown>;
  entries[to] = entries[from];
  delete entries[from];
}
