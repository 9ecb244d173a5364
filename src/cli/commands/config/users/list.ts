import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../../../command/index.js';
import { redactConfig } from '../../../config/tctl-config.js';
import { openConfig } from '../../../session/session.js';

/** tctl config users list */
export default defineCommand({
  summary: 'List user entries (secrets redacted)',
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const users = redactConfig(config).users;
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(users) : formatYaml(users));
    const rows = Object.keys(users)
      .sort()
      .map((n) => {
        const u = config.users[n];
        return [n, u.org ?? '', u.tenant ?? '', u.username ?? '', u.token ? 'token' : u.password !== undefined ? 'password' : 'none'];
      });
    ctx.io.stdout.write(formatTable(['NAME', 'ORG', 'TENANT', 'USERNAME', 'CREDENTIALS'], rows, '  '));
  },
});
