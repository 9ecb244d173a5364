import { defineCommand } from '../tctl-command.js';
import { VERSION } from '../version.js';

/** tctl version: the client's version, then the server's unless --local-only. */
export default defineCommand({
  summary: 'Print the client (and server) version',
  usage: '[--local-only]',
  options: { 'local-only': { type: 'boolean', description: 'print only the client version, without contacting the server' } },
  async run(ctx) {
    ctx.io.stdout.write(`TCTL version: v${VERSION}\n`);
    if (ctx.options['local-only']) return;
    // Loaded only here so `--local-only` start-up touches neither the config file nor the client.
    const { withSession } = await import('../session/session.js');
    await withSession(
      ctx,
      async (s) => {
        const v = await s.client.version();
        ctx.io.stdout.write(`Server version: v${v.version.replace(/^v/, '')}\n`);
      },
      { requireUser: false },
    );
  },
});
