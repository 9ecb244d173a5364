import { defineCommand } from '../../../tctl-command.js';
import { type UserEntry } from '../../../config/tctl-config.js';
import { mutateConfig, oneName } from '../_edit.js';

const FIELDS: readonly (readonly ['org' | 'tenant' | 'username' | 'password' | 'token' | 'refresh-token', keyof UserEntry])[] = [
  ['org', 'org'],
  ['tenant', 'tenant'],
  ['username', 'username'],
  ['password', 'password'],
  ['token', 'token'],
  ['refresh-token', 'refreshToken'],
];

/** tctl config users set */
export default defineCommand({
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
