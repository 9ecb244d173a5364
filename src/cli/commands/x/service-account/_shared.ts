// tctl x service-account (alias sa): TSB's create|get|delete|gen-key|revoke-key|token over the
// REST routes of src/server/auth (docs/auth.md "Service accounts").
// Helpers shared by the `tctl x service-account` commands.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { type CommandContext } from '../../../../command/index.js';
import { UsageError } from '../../../../command/index.js';
import { opt, type Session } from '../../../session/session.js';
import { encodeKey, type IssuedKey } from './sa-key.js';

export const KEY_OPTIONS = {
  'key-encoding': { type: 'string', value: 'JWK|PEM', default: 'JWK', description: 'encoding of the private key printed or written' },
  'key-path': { type: 'string', value: 'FILE', description: 'write the private key to FILE (mode 0600, never overwritten) instead of stdout' },
} as const;

export function nameArg(ctx: CommandContext): string {
  const name = ctx.positionals[0];
  if (!name) throw new UsageError('name the service account: e.g. `' + ctx.commandPath + ' ci`');
  if (ctx.positionals.length > 1) throw new UsageError(`one service account at a time; got ${ctx.positionals.join(', ')}`);
  return name;
}

export function orgOf(ctx: CommandContext, s: Session | undefined): string {
  const org = opt(ctx, 'org') ?? s?.org?.value;
  if (!org)
    throw new MeshError(
      TctlErrors.OrganizationMissing,
      "service accounts live in an organization, but none was given (no --org flag and the profile's user has no org)",
    );
  return org;
}

/** A service account's FQN from a name or a full FQN. */
export function saFqn(org: string, name: string): string {
  return name.includes('/') ? name.replace(/^\/+|\/+$/g, '') : `organizations/${org}/serviceaccounts/${name}`;
}

/** Prints the private key (stdout) or writes it to --key-path without ever replacing a file. */
export async function emitKey(ctx: CommandContext, key: IssuedKey, what: string): Promise<void> {
  const text = encodeKey(key, opt(ctx, 'key-encoding') ?? 'JWK');
  const path = opt(ctx, 'key-path');
  if (!path) {
    ctx.io.stdout.write(text);
    ctx.io.stderr.write(`${what} (key id ${key.id}); the private key above is shown once and not stored by the server.\n`);
    return;
  }
  const full = resolve(ctx.io.cwd, path);
  try {
    await writeFile(full, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--key-path ${path}: ${code === 'EEXIST' ? 'the file exists; a key file is never overwritten — pick a new path' : (code ?? (e as Error).message)}. The key ${key.id} was issued; revoke it with \`tctl x sa revoke-key --id ${key.id}\` if it is lost`,
    );
  }
  ctx.io.stdout.write(`${what} (key id ${key.id}); private key written to ${path}\n`);
}
