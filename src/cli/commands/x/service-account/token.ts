import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { openSession, opt } from '../../../session/session.js';
import { parseExpiration, parseSigningKey, signToken } from './sa-key.js';
import { nameArg, orgOf, saFqn } from './_shared.js';

/** tctl x sa token */
export default defineCommand({
  summary: 'Sign a token for a service account with its private key (no server call)',
  usage: 'NAME --key-path FILE [--expiration 1h]',
  description:
    'Prints a JWT (kid = key id, sub = the account FQN) to use as a bearer token, e.g. with `tctl config users set NAME --token "$(tctl x sa token NAME --key-path key.jwk)"`. The server accepts at most 1h.',
  examples: ['tctl x sa token ci --key-path ci.jwk --expiration 30m', 'tctl config users set ci --token "$(tctl x sa token ci --key-path ci.jwk)"'],
  options: {
    'key-path': { type: 'string', value: 'FILE', description: 'the private key (JWK or PEM) from create or gen-key' },
    expiration: { type: 'string', value: 'DURATION', default: '1h', description: 'token lifetime, at most 1h' },
  },
  async run(ctx) {
    const name = nameArg(ctx);
    const path = opt(ctx, 'key-path');
    if (!path) throw new UsageError('--key-path: name the private key file printed by `tctl x sa create` or `gen-key`');
    const seconds = parseExpiration(opt(ctx, 'expiration') ?? '1h');
    let text: string;
    try {
      text = await readFile(resolve(ctx.io.cwd, path), 'utf8');
    } catch (e) {
      throw new MeshError(
        TctlErrors.ServiceAccountKeyInvalid,
        `--key-path ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { field: '--key-path' },
      );
    }
    const key = await parseSigningKey(text, path);
    // A full FQN needs no profile: the token can be minted on a machine with no tctl config.
    const org = name.includes('/') ? '' : orgOf(ctx, opt(ctx, 'org') ? undefined : await openSession(ctx));
    ctx.io.stdout.write(`${await signToken(key, saFqn(org, name), seconds)}\n`);
  },
});
