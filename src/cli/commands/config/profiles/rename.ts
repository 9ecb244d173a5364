import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, renameEntry, twoNames } from '../_edit.js';

/** tctl config profiles rename */
export default defineCommand({
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
