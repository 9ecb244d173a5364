import { fqnPath } from '../../../../client/index.js';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { opt, withSession } from '../../../session/session.js';
import { encodeKey, type IssuedKey } from './sa-key.js';
import { KEY_OPTIONS, nameArg, orgOf, saFqn, emitKey } from './_shared.js';

/** tctl x sa gen-key */
export default defineCommand({
  summary: 'Add a key to a service account (or --rotate: replace all of them)',
  usage: 'NAME [--algorithm RS256|ES256] [--rotate] [--key-encoding JWK|PEM] [--key-path FILE]',
  examples: ['tctl x sa gen-key ci --key-path ci-2.jwk', 'tctl x sa gen-key ci --rotate --algorithm ES256 > ci.jwk'],
  options: {
    algorithm: { type: 'string', value: 'ALG', default: 'RS256', description: 'RS256 or ES256' },
    rotate: { type: 'boolean', description: 'revoke every other key of the account' },
    ...KEY_OPTIONS,
  },
  async run(ctx) {
    const name = nameArg(ctx);
    const algorithm = (opt(ctx, 'algorithm') ?? 'RS256').toUpperCase();
    if (algorithm !== 'RS256' && algorithm !== 'ES256') throw new UsageError(`--algorithm: "${opt(ctx, 'algorithm')}" is not supported; use RS256 or ES256`);
    encodeKey({ id: '', algorithm: 'RS256', privateKey: '', privateKeyJwk: {} }, opt(ctx, 'key-encoding') ?? 'JWK');
    await withSession(ctx, async (s) => {
      const fqn = saFqn(orgOf(ctx, s), name);
      const body = await s.client.request<{ keys: IssuedKey[] }>('POST', fqnPath(fqn, '/keys'), {
        algorithm,
        ...(ctx.options.rotate === true ? { rotate: true } : {}),
      });
      const key = body?.keys?.[0];
      if (!key) throw new MeshError(TctlErrors.UnexpectedResponse, `POST ${fqnPath(fqn, '/keys')} answered without a key`);
      await emitKey(ctx, key, ctx.options.rotate === true ? `Keys of ${fqn} rotated: every other key is revoked` : `Key added to ${fqn}`);
    });
  },
});
