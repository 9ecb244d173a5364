// tctl __complete: what the completion scripts ask for at <TAB>. Never fails loudly: a completion
// that cannot answer (no config, server down or slow) prints nothing and exits 0.
import { reportError } from '../../command/index.js';
import { defineCommand } from '../tctl-command.js';
import { SCOPE_OPTIONS } from '../session/scope.js';
import { openConfig, withSession } from '../session/session.js';
import { fetchTarget, resolveTarget } from '../session/targets.js';

/** How long a <TAB> may wait for the server before giving up with no names. */
export const NAMES_TIMEOUT_MS = 1500;

/** tctl __complete profiles | names KIND [scope flags] */
export default defineCommand({
  summary: 'Print completion candidates, one per line (used by `tctl completion` scripts)',
  usage: 'profiles | names KIND',
  options: { ...SCOPE_OPTIONS },
  async run(ctx) {
    const [what, kind] = ctx.positionals;
    try {
      let words: string[] = [];
      if (what === 'profiles') words = Object.keys((await openConfig(ctx)).config.profiles);
      if (what === 'names' && kind) {
        words = await withSession(ctx, async (s) => (await fetchTarget(s, await resolveTarget(ctx, s, [kind]))).map((o) => o.metadata.name), {
          timeoutMs: NAMES_TIMEOUT_MS,
        });
      }
      ctx.io.stdout.write(
        words
          .sort()
          .map((w) => `${w}\n`)
          .join(''),
      );
    } catch (e) {
      // Completion must not print errors into the user's command line; --debug shows them.
      if (ctx.options.debug) reportError(ctx.io, e, { debug: true });
    }
  },
});
