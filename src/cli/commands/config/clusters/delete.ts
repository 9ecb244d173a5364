import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, oneName, requireEntry } from '../_edit.js';

/** tctl config clusters delete */
export default defineCommand({
  summary: 'Delete a cluster entry',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'cluster');
    const users: string[] = [];
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'clusters', name, path);
      delete c.clusters[name];
      for (const [p, e] of Object.entries(c.profiles)) if (e.cluster === name) users.push(p);
    });
    ctx.io.stdout.write(`Cluster "${name}" deleted.\n`);
    if (users.length)
      ctx.io.stderr.write(
        `Warning: profile(s) ${users.join(', ')} still point at cluster "${name}"; fix with: tctl config profiles set ${users[0]} --cluster <cluster>\n`,
      );
  },
});
