import type { AuditEntry } from '../../../client/index.js';
import { defineCommand } from '../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, UsageError } from '../../../command/index.js';
import { resolveKind } from '../../session/kind-ref.js';
import { opt, withSession } from '../../session/session.js';

/** tctl x audit */
export default defineCommand({
  summary: 'Show the audit log (who changed what, with etags before and after)',
  usage: '[FQN] [--user U] [--kind K] [--operation OP] [--since "2006/01/02 15:04:05"] [--text T] [--max-logs N] [--recursive]',
  examples: ['tctl x audit organizations/tetrate/tenants/prod --recursive', 'tctl x audit --user admin --since "2026/01/02 15:04:05"'],
  options: {
    user: { type: 'string', value: 'USER', description: 'only changes by this user' },
    kind: { type: 'string', value: 'KIND', description: 'only this kind (kind or short form)' },
    operation: { type: 'string', value: 'OP', description: 'only this operation (create, update, delete)' },
    since: { type: 'string', value: 'TIME', description: 'only changes after this time ("2006/01/02 15:04:05" or ISO 8601)' },
    text: { type: 'string', value: 'TEXT', description: 'only entries containing this text' },
    'max-logs': { type: 'string', value: 'N', default: '100', description: 'at most N entries' },
    recursive: { type: 'boolean', description: 'with FQN: include changes below it' },
    'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' },
  },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    const limit = Number(opt(ctx, 'max-logs') ?? 100);
    if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--max-logs: "${opt(ctx, 'max-logs')}" is not a positive integer`);
    const since = parseSince(opt(ctx, 'since'));
    const kindWord = opt(ctx, 'kind');
    const kind = kindWord ? resolveKind(kindWord).kind : undefined;
    const fqn = ctx.positionals[0];
    await withSession(ctx, async (s) => {
      let entries = await s.client.audit({
        user: opt(ctx, 'user'),
        kind,
        since,
        limit: fqn && ctx.options.recursive ? undefined : limit,
        fqn: fqn && !ctx.options.recursive ? fqn : undefined,
      });
      if (fqn && ctx.options.recursive) entries = entries.filter((e) => e.fqn === fqn || e.fqn.startsWith(`${fqn}/`));
      const op = opt(ctx, 'operation')?.toLowerCase();
      if (op) entries = entries.filter((e) => e.op.toLowerCase() === op);
      const text = opt(ctx, 'text');
      if (text) entries = entries.filter((e) => JSON.stringify(e).includes(text));
      entries = entries.slice(0, limit);
      if (format === 'json') return void ctx.io.stdout.write(formatJson(entries));
      if (format === 'yaml') return void ctx.io.stdout.write(formatYaml(entries));
      if (entries.length === 0) return void ctx.io.stdout.write('No audit entries found\n');
      ctx.io.stdout.write(formatTable(['TIME', 'USER', 'OPERATION', 'KIND', 'FQN', 'ETAG'], entries.map(row)));
    });
  },
});

function row(e: AuditEntry): string[] {
  return [e.at, e.actor, e.op, e.kind, e.fqn, `${e.etagBefore ?? '-'} → ${e.etagAfter ?? '-'}`];
}

/** TSB's "2006/01/02 15:04:05" (local time) or ISO 8601, as ISO 8601 for the API. */
function parseSince(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const tsb = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(v);
  const d = tsb ? new Date(+tsb[1], +tsb[2] - 1, +tsb[3], +(tsb[4] ?? 0), +(tsb[5] ?? 0), +(tsb[6] ?? 0)) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--since: "${v}" is not a time; use "2006/01/02 15:04:05" or ISO 8601`);
  return d.toISOString();
}
