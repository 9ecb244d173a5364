import { fqnPath, type ResourceObject } from '../../../../client/index.js';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { opt, withSession } from '../../../session/session.js';
import { encodeKey, type IssuedKey } from './sa-key.js';
import { KEY_OPTIONS, nameArg, orgOf, saFqn, emitKey } from './_shared.js';

/** tctl x sa create */
export default defineCommand({
  summary: 'Create a service account and print (or write) its first private key',
  usage: 'NAME [--display-name D] [--description D] [--key-encoding JWK|PEM] [--key-path FILE]',
  examples: ['tctl x sa create ci --key-path ci.jwk', 'tctl x sa create ci > ci.jwk'],
  options: {
    'display-name': { type: 'string', value: 'TEXT', description: 'display name' },
    description: { type: 'string', value: 'TEXT', description: 'description' },
    ...KEY_OPTIONS,
  },
  async run(ctx) {
    const name = nameArg(ctx);
    encodeKey({ id: '', algorithm: 'RS256', privateKey: '', privateKeyJwk: {} }, opt(ctx, 'key-encoding') ?? 'JWK');
    await withSession(ctx, async (s) => {
      const org = orgOf(ctx, s);
      const spec: Record<string, unknown> = {};
      if (opt(ctx, 'display-name')) spec.displayName = opt(ctx, 'display-name');
      if (opt(ctx, 'description')) spec.description = opt(ctx, 'description');
      const obj: ResourceObject = { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'ServiceAccount', metadata: { name, organization: org }, spec };
      const created = (await s.client.create(`organizations/${org}`, 'serviceaccounts', obj)) as ResourceObject & { serviceAccount?: { keys?: IssuedKey[] } };
      const key = created.serviceAccount?.keys?.[0];
      if (!key)
        throw new MeshError(
          TctlErrors.UnexpectedResponse,
          `POST ${fqnPath(`organizations/${org}/serviceaccounts`)} answered without the service account's key`,
        );
      await emitKey(ctx, key, `Service account ${saFqn(org, name)} created`);
    });
  },
});
