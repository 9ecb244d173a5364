import { defineCommand } from '../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat } from '../../../command/index.js';
import { redactConfig, type UserEntry } from '../../config/tctl-config.js';
import { openConfig } from '../../session/session.js';
import { mutateConfig, oneName, renameEntry, requireEntry, twoNames } from './_edit.js';

const FIELDS: readonly (readonly ['org' | 'tenant' | 'username' | 'password' | 'token' | 'refresh-token', keyof UserEntry])[] = [
  ['org', 'org'],
  ['tenant', 'tenant'],
  ['username', 'username'],
  ['password', 'password'],
  ['token', 'token'],
  ['refresh-token', 'refreshToken'],
];

/** tctl config users set */
export const set = defineCommand({
  summary: 'Create or update a user entry (credentials and default organization/tenant)',
  usage: 'NAME [--org ORG] [--tenant TENANT] [--username NAME] [--password PW | --token JWT [--refresh-token T]]',
  examples: ['tctl config users set admin-user --org tetrate --tenant prod --username admin --password "$PW"'],
  options: {
    username: { type: 'string', value: 'NAME', description: 'login name' },
    password: { type: 'string', value: 'PASSWORD', description: 'password (prefer `tctl login`, which stores tokens instead)' },
    token: { type: 'string', value: 'JWT', description: 'access token (e.g. a service account token)' },
    'refresh-token': { type: 'string', value: 'TOKEN', description: 'refresh token' },
  },
  async run(ctx) {
    const name = oneName(ctx, 'user');
    await mutateConfig(ctx, (c) => {
      const e: UserEntry = { ...(c.users[name] ?? {}) };
      for (const [flag, field] of FIELDS) {
        const v = ctx.options[flag];
        if (typeof v === 'string') {
          if (v === '') delete e[field];
          else e[field] = v;
        }
      }
      c.users[name] = e;
    });
    ctx.io.stdout.write(`User "${name}" set.\n`);
  },
});

/** tctl config users list */
export const list = defineCommand({
  summary: 'List user entries (secrets redacted)',
  options: { 'output-type': { type: 'string', short: 'o', value: 'FORMAT', description: 'table, yaml or json' } },
  async run(ctx) {
    const { config } = await openConfig(ctx);
    const users = redactConfig(config).users;
    const format = parseOutputFormat(ctx.options['output-type']);
    if (format !== 'table') return void ctx.io.stdout.write(format === 'json' ? formatJson(users) : formatYaml(users));
    const rows = Object.keys(users).sort().map((n) => {
      const u = config.users[n];
      return [n, u.org ?? '', u.tenant ?? '', u.username ?? '', u.token ? 'token' : u.password !== undefined ? 'password' : 'none'];
    });
    ctx.io.stdout.write(formatTable(['NAME', 'ORG', 'TENANT', 'USERNAME', 'CREDENTIALS'], rows, '  '));
  },
});

/** tctl config users delete */
export const remove = defineCommand({
  summary: 'Delete a user entry',
  usage: 'NAME',
  async run(ctx) {
    const name = oneName(ctx, 'user');
    const users: string[] = [];
    await mutateConfig(ctx, (c, path) => {
      requireEntry(c, 'users', name, path);
      delete c.users[name];
      for (const [p, e] of Object.entries(c.profiles)) if (e.user === name) users.push(p);
    });
    ctx.io.stdout.write(`User "${name}" deleted.\n`);
    if (users.length) ctx.io.stderr.write(`Warning: profile(s) ${users.join(', ')} still point at user "${name}"; fix with: tctl login, or tctl config profiles set ${users[0]} --username <user>\n`);
  },
});

/** tctl config users rename */
export const rename = defineCommand({
  summary: 'Rename a user entry (profiles follow)',
  usage: 'OLD NEW',
  async run(ctx) {
    const [from, to] = twoNames(ctx);
    await mutateConfig(ctx, (c, path) => {
      renameEntry(c, 'users', from, to, path);
      for (const p of Object.values(c.profiles)) if (p.user === from) p.user = to;
    });
    ctx.io.stdout.write(`User "${from}" renamed to "${to}".\n`);
  },
});
