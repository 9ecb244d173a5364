// tctl x service-account (alias sa): TSB's create|get|delete|gen-key|revoke-key|token over the
// REST routes of src/server/auth (docs/auth.md "Service accounts").
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fqnPath, type ResourceObject } from '../../../../client/index.js';
import { MeshError, TctlErrors } from '../../../../api/index.js';
import { defineCommand, type CommandContext } from '../../../framework/command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, UsageError } from '../../../framework/output.js';
import { openSession, opt, withSession, type Session } from '../../../session/session.js';
import { encodeKey, parseExpiration, parseSigningKey, signToken, type IssuedKey } from './sa-key.js';

const KEY_OPTIONS = {
  'key-encoding': { type: 'string', value: 'JWK|PEM', default: 'JWK', description: 'encoding of the private key printed or written' },
  'key-path': { type: 'string', value: 'FILE', description: 'write the private key to FILE (mode 0600, never overwritten) instead of stdout' },
} as const;

interface PublicKey {
  id: string;
  algorithm: string;
  createdAt?: string;
}

function nameArg(ctx: CommandContext): string {
  const name = ctx.positionals[0];
  if (!name) throw new UsageError('name the service account: e.g. `' + ctx.commandPath + ' ci`');
  if (ctx.positionals.length > 1) throw new UsageError(`one service account at a time; got ${ctx.positionals.join(', ')}`);
  return name;
}

function orgOf(ctx: CommandContext, s: Session | undefined): string {
  const org = opt(ctx, 'org') ?? s?.org?.value;
  if (!org) throw new MeshError(TctlErrors.OrganizationMissing, 'service accounts live in an organization, but none was given (no --org flag and the profile\'s user has no org)');
  return org;
}

/** A service account's FQN from a name or a full FQN. */
export function saFqn(org: string, name: string): string {
  return name.includes('/') ? name.replace(/^\/+|\/+$/g, '') : `organizations/${org}/serviceaccounts/${name}`;
}

/** Prints the private key (stdout) or writes it to --key-path without ever replacing a file. */
async function emitKey(ctx: CommandContext, key: IssuedKey, what: string): Promise<void> {
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
    throw new UsageError(`--key-path ${path}: ${code === 'EEXIST' ? 'the file exists; a key file is never overwritten — pick a new path' : (code ?? (e as Error).message)}. The key ${key.id} was issued; revoke it with \`tctl x sa revoke-key --id ${key.id}\` if it is lost`);
  }
  ctx.io.stdout.write(`${what} (key id ${key.id}); private key written to ${path}\n`);
}

/** tctl x sa create */
export const create = defineCommand({
  summary: 'Create a service account and print (or write) its first private key',
  usage: 'NAME [--display-name D] [--description D] [--key-encoding JWK|PEM] [--key-path FILE]',
  examples: ['tctl x sa create ci --key-path ci.jwk', 'tctl x sa create ci > ci.jwk'],
  options: { 'display-name': { type: 'string', value: 'TEXT', description: 'display name' }, description: { type: 'string', value: 'TEXT', description: 'description' }, ...KEY_OPTIONS },
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
      if (!key) throw new MeshError(TctlErrors.UnexpectedResponse, `POST ${fqnPath(`organizations/${org}/serviceaccounts`)} answered without the service account's key`);
      await emitKey(ctx, key, `Service account ${saFqn(org, name)} created`);
    });
  },
});

/** tctl x sa gen-key */
export const genKey = defineCommand({
  summary: 'Add a key to a service account (or --rotate: replace all of them)',
  usage: 'NAME [--algorithm RS256|ES256] [--rotate] [--key-encoding JWK|PEM] [--key-path FILE]',
  examples: ['tctl x sa gen-key ci --key-path ci-2.jwk', 'tctl x sa gen-key ci --rotate --algorithm ES256 > ci.jwk'],
  options: { algorithm: { type: 'string', value: 'ALG', default: 'RS256', description: 'RS256 or ES256' }, rotate: { type: 'boolean', description: 'revoke every other key of the account' }, ...KEY_OPTIONS },
  async run(ctx) {
    const name = nameArg(ctx);
    const algorithm = (opt(ctx, 'algorithm') ?? 'RS256').toUpperCase();
    if (algorithm !== 'RS256' && algorithm !== 'ES256') throw new UsageError(`--algorithm: "${opt(ctx, 'algorithm')}" is not supported; use RS256 or ES256`);
    encodeKey({ id: '', algorithm: 'RS256', privateKey: '', privateKeyJwk: {} }, opt(ctx, 'key-encoding') ?? 'JWK');
    await withSession(ctx, async (s) => {
      const fqn = saFqn(orgOf(ctx, s), name);
      const body = await s.client.request<{ keys: IssuedKey[] }>('POST', fqnPath(fqn, '/keys'), { algorithm, ...(ctx.options.rotate === true ? { rotate: true } : {}) });
      const key = body?.keys?.[0];
      if (!key) throw new MeshError(TctlErrors.UnexpectedResponse, `POST ${fqnPath(fqn, '/keys')} answered without a key`);
      await emitKey(ctx, key, ctx.options.rotate === true ? `Keys of ${fqn} rotated: every other key is revoked` : `Key added to ${fqn}`);
    });
  },
});

/** tctl x sa revoke-key */
export const revokeKey = defineCommand({
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

async function describe(s: Session, o: ResourceObject, org: string): Promise<Record<string, unknown>> {
  const fqn = typeof o.spec?.fqn === 'string' ? o.spec.fqn : saFqn(org, o.metadata.name);
  const body = await s.client.request<{ keys: PublicKey[] }>('GET', fqnPath(fqn, '/keys'));
  const keys = (body?.keys ?? []).map((k) => ({ id: k.id, algorithm: k.algorithm, createdAt: k.createdAt }));
  return { name: o.metadata.name, fqn, ...(o.spec?.displayName ? { displayName: o.spec.displayName } : {}), ...(o.spec?.description ? { description: o.spec.description } : {}), keys };
}

/** tctl x sa get */
export const get = defineCommand({
  summary: 'List service accounts, or show one, with their key ids',
  usage: '[NAME] [-o table|yaml|json]',
  examples: ['tctl x sa get', 'tctl x sa get ci -o json'],
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options['output-type']);
    await withSession(ctx, async (s) => {
      const org = orgOf(ctx, s);
      const objects = ctx.positionals.length > 0 ? await Promise.all(ctx.positionals.map((n) => s.client.get(saFqn(org, n)))) : await s.client.list(`organizations/${org}`, 'serviceaccounts');
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

/** tctl x sa delete */
export const remove = defineCommand({
  summary: 'Delete a service account and all its keys',
  usage: 'NAME',
  examples: ['tctl x sa delete ci'],
  async run(ctx) {
    const name = nameArg(ctx);
    await withSession(ctx, async (s) => {
      const fqn = saFqn(orgOf(ctx, s), name);
      await s.client.delete(fqn);
      ctx.io.stdout.write(`${fqn} deleted\n`);
    });
  },
});

/** tctl x sa token */
export const token = defineCommand({
  summary: 'Sign a token for a service account with its private key (no server call)',
  usage: 'NAME --key-path FILE [--expiration 1h]',
  description: 'Prints a JWT (kid = key id, sub = the account FQN) to use as a bearer token, e.g. with `tctl config users set NAME --token "$(tctl x sa token NAME --key-path key.jwk)"`. The server accepts at most 1h.',
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
      throw new MeshError(TctlErrors.ServiceAccountKeyInvalid, `--key-path ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { field: '--key-path' });
    }
    const key = await parseSigningKey(text, path);
    // A full FQN needs no profile: the token can be minted on a machine with no tctl config.
    const org = name.includes('/') ? '' : orgOf(ctx, opt(ctx, 'org') ? undefined : await openSession(ctx));
    ctx.io.stdout.write(`${await signToken(key, saFqn(org, name), seconds)}\n`);
  },
});
