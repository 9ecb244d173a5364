import { defineCommand } from '../../tctl-command.js';
import { formatJson, parseOutputFormat } from '../../../command/index.js';
import { redactConfig, serializeConfig } from '../../config/tctl-config.js';
import { openConfig } from '../../session/session.js';

/** tctl config view */
export default defineCommand({
  summary: 'Print the whole config file (secrets redacted)',
  usage: '[-o yaml|json] [--show-credentials]',
  options: {
    'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'yaml (default) or json' },
    'show-credentials': { type: 'boolean', description: 'print passwords and tokens in clear' },
  },
  async run(ctx) {
    const { config, path } = await openConfig(ctx);
    const shown = ctx.options['show-credentials'] ? config : redactConfig(config);
    const format = parseOutputFormat(ctx.options['output-type'], 'yaml');
    if (format === 'json') return void ctx.io.stdout.write(formatJson({ path, ...shown }));
    ctx.io.stdout.write(`# ${path}\n${serializeConfig(shown)}`);
  },
});
