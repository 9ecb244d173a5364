import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../../../command/index.js';
import { openConfig } from '../../../session/session.js';

/** tctl config profiles list — TSB's CURRENT NAME CLUSTER ACCOUNT table. */
export default defineCommand({
  summary: 'List profiles (* marks the current one)',
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(config.profiles) : formatYaml(config.profiles));
    const current = config.currentProfile ?? (config.profiles.default ? 'default' : undefined);
    const rows = Object.keys(config.profiles)
      .sort()
      .map((n) => [n === current ? '*' : '', n, config.profiles[n].cluster ?? '', config.profiles[n].user ?? '']);
    ctx.io.stdout.write(formatTable(['CURRENT', 'NAME', 'CLUSTER', 'ACCOUNT'], rows, '  '));
  },
});
