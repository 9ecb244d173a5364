import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../../../command/index.js';
import { type ClusterEntry } from '../../../config/tctl-config.js';
import { openConfig } from '../../../session/session.js';

const OUTPUT = { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } } as const;

function tlsMode(e: ClusterEntry): string {
  if (e.tlsDisabled) return 'disabled';
  if (e.tlsInsecure) return 'insecure';
  return e.tlsCustomCaFile ? `ca ${e.tlsCustomCaFile}` : 'system roots';
}

/** tctl config clusters list */
export default defineCommand({
  summary: 'List cluster entries',
  options: OUTPUT,
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(config.clusters) : formatYaml(config.clusters));
    const rows = Object.keys(config.clusters)
      .sort()
      .map((n) => {
        const e = config.clusters[n];
        return [n, e.bridgeAddress ?? '', tlsMode(e), e.timeout ?? '30s'];
      });
    ctx.io.stdout.write(formatTable(['NAME', 'BRIDGE ADDRESS', 'TLS', 'TIMEOUT'], rows, '  '));
  },
});
