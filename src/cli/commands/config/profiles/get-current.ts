import { MeshError, TctlErrors } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { openConfig } from '../../../session/session.js';

/** tctl config profiles get-current */
export default defineCommand({
  summary: 'Print the current profile',
  async run(ctx) {
    const { config, path } = await openConfig(ctx);
    const name = config.currentProfile ?? (config.profiles.default ? 'default' : undefined);
    if (!name) throw new MeshError(TctlErrors.NoCurrentProfile, `no current profile in ${path}`);
    ctx.io.stdout.write(`${name}\n`);
  },
});
