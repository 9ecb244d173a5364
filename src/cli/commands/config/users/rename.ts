import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, renameEntry, twoNames } from '../_edit.js';

/** tctl config users rename */
export default defineCommand({
  summary: 'Rename a user entry (profiles follow)',
  usage: 'OLD NEW',
  async run(ctx) {
    const [from, to] = twoNames(ctx);
    await mutateConfig(ctx, (c, path) => {
      renameEntry(c, 'users', from, to, path);
      for (const p of Object.values(c.profiles)) if (p.user === from) p.user = to;
    });
    ctx.io.stdout.write(`User "${from}" renamed to "${to}".\n`);
  },
});
