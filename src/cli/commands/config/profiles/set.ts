import { defineCommand } from '../../../tctl-command.js';
import { opt } from '../../../session/session.js';
import { mutateConfig, oneName } from '../_edit.js';

/** tctl config profiles set */
export default defineCommand({
  summary: 'Create or update a profile (a cluster entry plus a user entry)',
  usage: 'NAME [--cluster CLUSTER] [--username USER]',
  description: '--username names a user entry (see `tctl config users list`), not a login name.',
  options: {
    cluster: { type: 'string', value: 'CLUSTER', description: 'cluster entry name' },
    username: { type: 'string', value: 'USER', description: 'user entry name' },
    user: { type: 'string', value: 'USER', description: 'same as --username' },
  },
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c) => {
      const e = { ...(c.profiles[name] ?? {}) };
      const cluster = opt(ctx, 'cluster');
      const user = opt(ctx, 'username') ?? opt(ctx, 'user');
      if (cluster) e.cluster = cluster;
      if (user) e.user = user;
      c.profiles[name] = e;
    });
    ctx.io.stdout.write(`Profile "${name}" set.\n`);
  },
});
