import { fqnPath, type ResourceObject } from '../../../../client/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../../../command/index.js';
import { withSession, type Session } from '../../../session/session.js';
import { orgOf, saFqn } from './_shared.js';

interface PublicKey {
  id: string;
  algorithm: string;
  createdAt?: string;
}

async function describe(s: Session, o: ResourceObject, org: string): Promise<Record<string, unknown>> {
  const fqn = typeof o.spec?.fqn === 'string' ? o.spec.fqn : saFqn(org, o.metadata.name);
  const body = await s.client.request<{ keys: PublicKey[] }>('GET', fqnPath(fqn, '/keys'));
  const keys = (body?.keys ?? []).map((k) => ({ id: k.id, algorithm: k.algorithm, createdAt: k.createdAt }));
  return {
    name: o.metadata.name,
    fqn,
    ...(o.spec?.displayName ? { displayName: o.spec.displayName } : {}),
    ...(o.spec?.description ? { description: o.spec.description } : {}),
    keys,
  };
}

/** tctl x sa get */
export default defineCommand({
  summary: 'List service accounts, or show one, with their key ids',
  usage: '[NAME] [-o table|yaml|json]',
  examples: ['tctl x sa get', 'tctl x sa get ci -o json'],
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    await withSession(ctx, async (s) => {
      const org = orgOf(ctx, s);
      const objects =
        ctx.positionals.length > 0
          ? await Promise.all(ctx.positionals.map((n) => s.client.get(saFqn(org, n))))
          : await s.client.list(`organizations/${org}`, 'serviceaccounts');
      const accounts = await Promise.all(objects.map((o) => describe(s, o, org)));
      if (format === 'json') return void ctx.io.stdout.write(formatJson(ctx.positionals.length === 1 ? accounts[0] : accounts));
      if (format === 'yaml') return void ctx.io.stdout.write(formatYaml(accounts));
      if (accounts.length === 0) return void ctx.io.stdout.write('No resources found\n');
      const rows = accounts.flatMap((a) => {
        const keys = a.keys as PublicKey[];
        if (keys.length === 0) return [[String(a.name), '(no keys)', '', '']];
        return keys.map((k) => [String(a.name), k.id, k.algorithm, k.createdAt ?? '']);
      });
      ctx.io.stdout.write(formatTable(['NAME', 'KEY ID', 'ALGORITHM', 'CREATED'], rows));
    });
  },
});
