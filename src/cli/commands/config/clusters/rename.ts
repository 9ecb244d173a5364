import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, renameEntry, twoNames } from '../_edit.js';

/** tctl config clusters rename */
export default defineCommand({
  summary: 'Rename a cluster entry (profiles follow)',
  usage: 'OLD NEW',
  async run(ctx) {
    const [from, to] = twoNames(ctx);
    await mutateConfig(ctx, (c, path) => {
      renameEntry(c, 'clusters', from, to, path);
      for (const p of Object.values(c.profiles)) if (p.cluster === from) p.cluster = to;
    });
    ctx.io.stdout.write(`Cluster "${from}" renamed to "${to}".\n`);
  },
});
