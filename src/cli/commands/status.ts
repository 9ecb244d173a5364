import { defineCommand } from '../framework/command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, UsageError } from '../framework/output.js';
import { explainNotFound, SCOPE_OPTIONS } from '../session/scope.js';
import { withSession } from '../session/session.js';
import { resolveTarget, targetFqn } from '../session/targets.js';

/** tctl status */
export default defineCommand({
  summary: 'Show the configuration status of resources (NAME STATUS LAST EVENT MESSAGE)',
  usage: '<kind> NAME... [-o table|yaml|json]',
  examples: ['tctl status organization tetrate', 'tctl status ws payments --tenant prod -o json'],
  options: { ...SCOPE_OPTIONS, 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    await withSession(ctx, async (s) => {
      const t = await resolveTarget(ctx, s, ctx.positionals);
      if (t.names.length === 0) throw new UsageError(`name the ${t.kind.kind} object(s): tctl status ${ctx.positionals[0]} NAME...`);
      const rows = [];
      for (const name of t.names) {
        const fqn = targetFqn(t, name);
        try {
          rows.push({ name, fqn, ...(await s.client.status(fqn)) });
        } catch (e) {
          throw await explainNotFound(s, e, fqn, t.scope);
        }
      }
      if (format === 'json') return void ctx.io.stdout.write(formatJson(rows.length === 1 ? rows[0] : rows));
      if (format === 'yaml') return void ctx.io.stdout.write(formatYaml(rows));
      ctx.io.stdout.write(formatTable(['NAME', 'STATUS', 'LAST EVENT', 'MESSAGE'], rows.map((r) => [r.name, r.status, r.lastEvent ?? '', r.message ?? ''])));
    });
  },
});
