import { MeshError, TctlErrors, isMeshError, CoreErrors } from '../../api/index.js';
import { type CommandContext } from '../../command/index.js';
import { defineCommand } from '../tctl-command.js';
import { loadConfig, saveConfig } from '../config/config-file.js';
import { Prompter } from '../session/prompt.js';
import { opt, withSession } from '../session/session.js';

interface Answers {
  org: string;
  tenant: string;
  username: string;
  password: string;
}

/** Flags, then TCTL_LOGIN_* variables, then prompts (Organization/Tenant/Username/Password). */
async function gather(ctx: CommandContext): Promise<Answers> {
  const env = ctx.io.env;
  const given = {
    org: opt(ctx, 'org') ?? env.TCTL_LOGIN_ORG,
    tenant: opt(ctx, 'tenant') ?? env.TCTL_LOGIN_TENANT,
    username: opt(ctx, 'username') ?? env.TCTL_LOGIN_USERNAME,
    password: opt(ctx, 'password') ?? env.TCTL_LOGIN_PASSWORD,
  };
  const questions: [keyof Answers, string, string, boolean][] = [
    ['org', 'Organization:', '--org / TCTL_LOGIN_ORG', false],
    ['tenant', 'Tenant:', '--tenant / TCTL_LOGIN_TENANT', false],
    ['username', 'Username:', '--username / TCTL_LOGIN_USERNAME', false],
    ['password', 'Password:', '--password / TCTL_LOGIN_PASSWORD', true],
  ];
  const prompter = new Prompter(ctx.io);
  const out: Partial<Answers> = {};
  try {
    for (const [key, label, where, hidden] of questions) {
      let v = given[key];
      if (v === undefined) {
        v = await prompter.ask(label, hidden);
        if (v === undefined && key !== 'tenant')
          throw new MeshError(TctlErrors.InputMissing, `${label.slice(0, -1).toLowerCase()} not given: stdin ended before it was answered (pass ${where})`);
      }
      out[key] = (v ?? '').trim();
    }
  } finally {
    prompter.close();
  }
  if (!out.username) throw new MeshError(TctlErrors.InputMissing, 'username is empty (pass --username or TCTL_LOGIN_USERNAME, or answer the prompt)');
  return out as Answers;
}

/** tctl login */
export default defineCommand({
  summary: 'Log in: exchange a username and password for tokens stored in the current profile',
  usage: '[--org ORG] [--tenant TENANT] [--username NAME] [--password PW]',
  description:
    'Values not given as flags or TCTL_LOGIN_ORG/TENANT/USERNAME/PASSWORD are prompted for (the password hidden on a terminal; piped answers are read one per line). The password is never stored: the user entry "<cluster>-<username>" keeps the tokens and is attached to the profile.',
  examples: ['tctl login --org tetrate --tenant prod --username admin', 'printf \'tetrate\\n\\nadmin\\n%s\\n\' "$PW" | tctl login'],
  options: {
    username: { type: 'string', value: 'NAME', description: 'login name' },
    password: { type: 'string', value: 'PASSWORD', description: 'password (prefer the prompt or TCTL_LOGIN_PASSWORD)' },
  },
  async run(ctx) {
    await withSession(
      ctx,
      async (s) => {
        const a = await gather(ctx);
        let tokens;
        try {
          tokens = await s.client.login(a.username, a.password, a.org || undefined);
        } catch (e) {
          if (isMeshError(e, CoreErrors.Unauthenticated)) {
            const wrongOrg = e.field === 'organization';
            throw new MeshError(
              TctlErrors.LoginFailed,
              `${s.cluster.bridgeAddress} rejected ${wrongOrg ? `organization "${a.org}"` : `username "${a.username}" with that password`}: ${e.message}`,
              {
                fix: wrongOrg
                  ? `Log in to the organization the server serves (named above): tctl login --org <org> --username ${a.username}`
                  : `Check the username and password and run \`tctl login --username ${a.username}\` again.`,
              },
            );
          }
          throw e;
        }
        const userName = `${s.clusterName}-${a.username}`;
        // A blank Organization answer: take the one the server logged us into, so scoped
        // commands work right away instead of failing with "no organization".
        const org =
          a.org ||
          (await s
            .clientWithToken(tokens.accessToken)
            .whoami()
            .then(
              (w) => w.organization,
              () => '',
            ));
        // Re-read: the prompts may have taken a while and another tctl may have written the file.
        const config = await loadConfig(s.configPath);
        config.users[userName] = {
          ...(org ? { org } : {}),
          ...(a.tenant ? { tenant: a.tenant } : {}),
          username: a.username,
          token: tokens.accessToken,
          refreshToken: tokens.refreshToken,
        };
        config.profiles[s.profileName] = { ...(config.profiles[s.profileName] ?? {}), user: userName };
        await saveConfig(s.configPath, config);
        ctx.io.stdout.write(`Login Successful!\n  Configured user: ${userName}\n  User "${userName}" enabled in profile: ${s.profileName}\n`);
      },
      { requireUser: false },
    );
  },
});
