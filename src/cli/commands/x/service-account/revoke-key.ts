import { fqnPath } from '../../../../client/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { opt, withSession } from '../../../session/session.js';
import { nameArg, orgOf, saFqn } from './_shared.js';

/** tctl x sa revoke-key */
export default defineCommand({
  summary: 'Revoke one key of a service account (tokens signed with it stop working at once)',
  usage: 'NAME --id KEY_ID',
  examples: ['tctl x sa revoke-key ci --id NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'],
  options: { id: { type: 'string', value: 'KEY_ID', description: 'the key id (see `tctl x sa get NAME`)' } },
  async run(ctx) {
    const name = nameArg(ctx);
    const id = opt(ctx, 'id');
    if (!id) throw new UsageError('--id: name the key to revoke; `tctl x sa get ' + name + '` lists the key ids');
    await withSession(ctx, async (s) => {
      const fqn = saFqn(orgOf(ctx, s), name);
      await s.client.request('DELETE', fqnPath(fqn, `/keys/${encodeURIComponent(id)}`));
      ctx.io.stdout.write(`Key ${id} of ${fqn} revoked\n`);
    });
  },
});
