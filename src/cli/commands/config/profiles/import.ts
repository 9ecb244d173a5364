import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { parseConfig, type TctlConfig } from '../../../config/tctl-config.js';
import { mutateConfig, oneName } from '../_edit.js';

function merge(into: TctlConfig, from: TctlConfig, overwrite: boolean): void {
  const clashes: string[] = [];
  for (const section of ['clusters', 'users', 'profiles'] as const) {
    for (const name of Object.keys(from[section])) if (into[section][name] && !overwrite) clashes.push(`${section}.${name}`);
  }
  if (clashes.length) throw new UsageError(`${clashes.join(', ')} already exist; pass --overwrite to replace them`);
  Object.assign(into.clusters, from.clusters);
  for (const [name, u] of Object.entries(from.users)) {
    // Redacted exports carry placeholders, never real secrets: drop them rather than store them.
    const clean = Object.fromEntries(Object.entries(u).filter(([, v]) => v !== 'REDACTED'));
    into.users[name] = clean;
  }
  Object.assign(into.profiles, from.profiles);
  if (!into.currentProfile && from.currentProfile) into.currentProfile = from.currentProfile;
}

/** tctl config profiles import */
export default defineCommand({
  summary: 'Import profiles, clusters and users from an exported file',
  usage: 'FILE [--overwrite]',
  options: { overwrite: { type: 'boolean', description: 'replace entries that already exist' } },
  async run(ctx) {
    const file = oneName(ctx, 'file');
    const source = resolve(ctx.io.cwd, file);
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const incoming = parseConfig(text, source);
    await mutateConfig(ctx, (c) => merge(c, incoming, ctx.options.overwrite === true));
    ctx.io.stdout.write(`Imported ${Object.keys(incoming.profiles).length} profile(s) from ${file}.\n`);
  },
});
