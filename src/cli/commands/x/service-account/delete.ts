import { defineCommand } from '../../../tctl-command.js';
import { withSession } from '../../../session/session.js';
import { nameArg, orgOf, saFqn } from './_shared.js';

/** tctl x sa delete */
export default defineCommand({
  summary: 'Delete a service account and all its keys',
  usage: 'NAME',
  examples: ['tctl x sa delete ci'],
  async run(ctx) {
    const name = nameArg(ctx);
    await withSession(ctx, async (s) => {
      const fqn = saFqn(orgOf(ctx, s), name);
      await s.client.delete(fqn);
      ctx.io.stdout.write(`${fqn} deleted\n`);
    });
  },
});
