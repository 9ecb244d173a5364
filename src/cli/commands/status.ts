import { defineCommand } from '../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError } from '../../command/index.js';
import { explainNotFound, SCOPE_OPTIONS } from '../session/scope.js';
import { withSession } from '../session/session.js';
import { resolveTarget, targetFqn } from '../session/targets.js';
import { statusDocument, statusTable, type StatusRow } from './_status-render.js';

/** tctl status */
export default defineCommand({
  summary: 'Show the configuration status of resources (NAME STATUS LAST EVENT MESSAGE)',
  description:
    "For clusters the table is followed by what the agent reported: connected, last seen, agent and config versions, namespaces and services. -o json|yaml prints TSB's ResourceStatus document (.spec.status, .spec.message).",
  usage: '<kind> NAME... [-o table|yaml|json]',
  examples: [
    'tctl status organization tetrate',
    'tctl status ws payments --tenant prod -o json',
    'tctl status cluster c1 -o json | jq -r .spec.message   # Cluster onboarded',
  ],
  options: { ...SCOPE_OPTIONS, 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    await withSession(ctx, async (s) => {
      const t = await resolveTarget(ctx, s, ctx.positionals);
      if (t.names.length === 0) throw new UsageError(`name the ${t.kind.kind} object(s): tctl status ${ctx.positionals[0]} NAME...`);
      const rows: StatusRow[] = [];
      for (const name of t.names) {
        const fqn = targetFqn(t, name);
        try {
          rows.push({ name, fqn, status: { ...(await s.client.status(fqn)) } });
        } catch (e) {
          throw await explainNotFound(s, e, fqn, t.scope);
        }
      }
      const docs = rows.map(statusDocument);
      if (format === 'json') return void ctx.io.stdout.write(formatJson(docs.length === 1 ? docs[0] : docs));
      if (format === 'yaml') return void ctx.io.stdout.write(formatYaml(docs));
      ctx.io.stdout.write(statusTable(rows, t.kind.kind === 'Cluster'));
    });
  },
});
