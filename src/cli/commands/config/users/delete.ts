import { defineCommand } from '../../../tctl-command.js';
import { mutateConfig, oneName, requireEntry } from '../_edit.js';

/** tctl config users delete */
export default defineCommand({
  summary: 'Delete a user entry',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'user');
    const users: string[] = [];
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'users', name, path);
      delete c.users[name];
      for (const [p, e] of Object.entries(c.profiles)) if (e.user === name) users.push(p);
    });
    ctx.io.stdout.write(`User "${name}" deleted.\n`);
    if (users.length)
      ctx.io.stderr.write(
        `Warning: profile(s) ${users.join(', ')} still point at user "${name}"; fix with: tctl login, or tctl config profiles set ${users[0]} --username <user>\n`,
      );
  },
});
