import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, oneName, requireEntry } from '../_edit.js';

/** tctl config profiles set-current */
export default defineCommand({
  summary: 'Make a profile the current one',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'profile');
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'profiles', name, path);
      c.currentProfile = name;
    });
    ctx.io.stdout.write(`Current profile is now "${name}".\n`);
  },
});
