import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineCommand } from '../../../tctl-command.js';
import { emptyConfig, redactConfig, serializeConfig } from '../../../config/tctl-config.js';
import { openConfig, opt } from '../../../session/session.js';
import { requireEntry } from '../_edit.js';

/** tctl config profiles export */
export default defineCommand({
  summary: 'Export profiles with their cluster and user entries to a file',
  usage: '[NAME...] [--file FILE|-] [--include-credentials]',
  options: {
    file: { type: 'string', value: 'FILE', default: 'tctl-config-export.yaml', description: 'output file, - for stdout' },
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
    const file = opt(ctx, 'file') ?? ctx.options.file;
    if (file === '-') return void ctx.io.stdout.write(text);
    await writeFile(resolve(ctx.io.cwd, file), text, { mode: 0o600 });
    ctx.io.stdout.write(`Exported ${names.length} profile(s) to ${file}.\n`);
  },
});
