import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MeshError, TctlErrors } from '../../../api/index.js';
import { defineCommand } from '../../framework/command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, UsageError } from '../../framework/output.js';
import { emptyConfig, parseConfig, redactConfig, serializeConfig, type TctlConfig } from '../../config/tctl-config.js';
import { openConfig, opt } from '../../session/session.js';
import { mutateConfig, oneName, renameEntry, requireEntry, twoNames } from './_edit.js';

/** tctl config profiles set */
export const set = defineCommand({
  summary: 'Create or update a profile (a cluster entry plus a user entry)',
  usage: 'NAME [--cluster CLUSTER] [--username USER]',
  description: '--username names a user entry (see `tctl config users list`), not a login name.',
  options: {
    cluster: { type: 'string', value: 'CLUSTER', description: 'cluster entry name' },
    username: { type: 'string', value: 'USER', description: 'user entry name' },
    user: { type: 'string', value: 'USER', description: 'same as --username' },
  },
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c) => {
      const e = { ...(c.profiles[name] ?? {}) };
      const cluster = opt(ctx, 'cluster');
      const user = opt(ctx, 'username') ?? opt(ctx, 'user');
      if (cluster) e.cluster = cluster;
      if (user) e.user = user;
      c.profiles[name] = e;
    });
    ctx.io.stdout.write(`Profile "${name}" set.\n`);
  },
});

/** tctl config profiles set-current */
export const setCurrent = defineCommand({
  summary: 'Make a profile the current one',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'profiles', name, path);
      c.currentProfile = name;
    });
    ctx.io.stdout.write(`Current profile is now "${name}".\n`);
  },
});

/** tctl config profiles get-current */
export const getCurrent = defineCommand({
  summary: 'Print the current profile',
  async run(ctx) {
    const { config, path } = await openConfig(ctx);
    const name = config.currentProfile ?? (config.profiles.default ? 'default' : undefined);
    if (!name) throw new MeshError(TctlErrors.NoCurrentProfile, `no current profile in ${path}`);
    ctx.io.stdout.write(`${name}\n`);
  },
});

/** tctl config profiles list — TSB's CURRENT NAME CLUSTER ACCOUNT table. */
export const list = defineCommand({
  summary: 'List profiles (* marks the current one)',
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(config.profiles) : formatYaml(config.profiles));
    const current = config.currentProfile ?? (config.profiles.default ? 'default' : undefined);
    const rows = Object.keys(config.profiles).sort().map((n) => [n === current ? '*' : '', n, config.profiles[n].cluster ?? '', config.profiles[n].user ?? '']);
    ctx.io.stdout.write(formatTable(['CURRENT', 'NAME', 'CLUSTER', 'ACCOUNT'], rows, '  '));
  },
});

/** tctl config profiles delete */
export const remove = defineCommand({
  summary: 'Delete a profile (-r also deletes its cluster and user entries when no other profile uses them)',
  usage: 'NAME [-r]',
  options: { recursive: { type: 'boolean', short: 'r', description: "also delete the profile's cluster and user entries if unused elsewhere" } },
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'profiles', name, path);
      const { cluster, user } = c.profiles[name];
      delete c.profiles[name];
      if (c.currentProfile === name) delete c.currentProfile;
      if (ctx.options.recursive) {
        const others = Object.values(c.profiles);
        if (cluster && !others.some((p) => p.cluster === cluster)) delete c.clusters[cluster];
        if (user && !others.some((p) => p.user === user)) delete c.users[user];
      }
    });
    ctx.io.stdout.write(`Profile "${name}" deleted.\n`);
  },
});

/** tctl config profiles rename */
export const rename = defineCommand({
  summary: 'Rename a profile',
  usage: 'OLD NEW',
  async run(ctx) {
    const [from, to] = twoNames(ctx);
    await mutateConfig(ctx, (c, path) => {
      renameEntry(c, 'profiles', from, to, path);
      if (c.currentProfile === from) c.currentProfile = to;
    });
    ctx.io.stdout.write(`Profile "${from}" renamed to "${to}".\n`);
  },
});

/** tctl config profiles export */
export const exportProfile = defineCommand({
  summary: 'Export profiles with their cluster and user entries to a file',
  usage: '[NAME...] [--file FILE|-] [--include-credentials]',
  options: {
    file: { type: 'string', value: 'FILE', description: 'output file, - for stdout (default tctl-config-export.yaml)' },
    'include-credentials': { type: 'boolean', description: 'keep passwords and tokens (redacted otherwise)' },
  },
  async run(ctx) {
    const { config, path } = await openConfig(ctx);
    const names = ctx.positionals.length ? [...ctx.positionals] : Object.keys(config.profiles);
    const out = emptyConfig();
    for (const n of names) {
      requireEntry(config, 'profiles', n, path);
      const p = config.profiles[n];
      out.profiles[n] = { ...p };
      if (p.cluster && config.clusters[p.cluster]) out.clusters[p.cluster] = { ...config.clusters[p.cluster] };
      if (p.user && config.users[p.user]) out.users[p.user] = { ...config.users[p.user] };
    }
    const text = serializeConfig(ctx.options['include-credentials'] ? out : redactConfig(out));
    const file = opt(ctx, 'file') ?? 'tctl-config-export.yaml';
    if (file === '-') return void ctx.io.stdout.write(text);
    await writeFile(resolve(ctx.io.cwd, file), text, { mode: 0o600 });
    ctx.io.stdout.write(`Exported ${names.length} profile(s) to ${file}.\n`);
  },
});

/** tctl config profiles import */
export const importProfile = defineCommand({
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
