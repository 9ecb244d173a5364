import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, oneName, requireEntry } from '../_edit.js';

/** tctl config profiles delete */
export default defineCommand({
  summary: 'Delete a profile (-r also deletes its cluster and user entries when no other profile uses them)',
  usage: 'NAME [-r]',
  options: { recursive: { type: 'boolean', short: 'r', description: "also delete the profile's cluster and user entries if unused elsewhere" } },
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'profiles', name, path);
      const { cluster, user } = c.profiles[name];
      delete c.profiles[name];
      if (c.currentProfile === name) delete c.currentProfile;
      if (ctx.options.recursive) {
        const others = Object.values(c.profiles);
        if (cluster && !others.some((p) => p.cluster === cluster)) delete c.clusters[cluster];
        if (user && !others.some((p) => p.user === user)) delete c.users[user];
      }
    });
    ctx.io.stdout.write(`Profile "${name}" deleted.\n`);
  },
});
