import { defineCommand } from '../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../command/index.js';
import { withSession } from '../session/session.js';

/** tctl whoami */
export default defineCommand({
  summary: 'Show who the current profile is logged in as',
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    await withSession(ctx, async (s) => {
      const w = await s.client.whoami();
      if (format === 'json') return void ctx.io.stdout.write(formatJson(w));
      if (format === 'yaml') return void ctx.io.stdout.write(formatYaml(w));
      ctx.io.stdout.write(
        formatTable(['USERNAME', 'ORGANIZATION', 'KIND', 'SUBJECT', 'PROFILE'], [[w.username, w.organization, w.kind, w.subject, s.profileName]]),
      );
    });
  },
});
