import { MeshError, TctlErrors } from '../../../api/index.js';
import { fqnPath } from '../../../client/index.js';
import { defineCommand } from '../../tctl-command.js';
import { UsageError } from '../../../command/index.js';
import { loadConfig, saveConfig } from '../../config/config-file.js';
import { Prompter } from '../../session/prompt.js';
import { withSession } from '../../session/session.js';

type TtyIn = NodeJS.ReadableStream & { isTTY?: boolean };

/** The server's rule (src/server/auth/password.ts): checked here too so a typo costs no round trip. */
export function passwordProblem(pw: string): string | undefined {
  if (pw.length < 8) return 'is shorter than 8 characters';
  if (pw.length > 1024) return 'is longer than 1024 characters';
  return undefined;
}

/** tctl x user set-password */
export default defineCommand({
  summary: "Set a user's password",
  usage: 'USER',
  description:
    'On a terminal the new password is prompted twice, hidden (and your current one first when USER is you). Otherwise it is read from stdin, one line each: for your own account the current password then the new one; for another user (needs SET_POLICY on it: an organization admin) just the new one. Changing your own password logs out your other sessions.',
  examples: [
    'tctl x user set-password alice',
    'printf "%s\\n" "$NEW_PW" | tctl x user set-password alice',
    'printf "%s\\n%s\\n" "$OLD" "$NEW" | tctl x user set-password admin',
  ],
  async run(ctx) {
    const [user, ...extra] = ctx.positionals;
    if (!user || extra.length > 0) throw new UsageError('name one user: tctl x user set-password USER');
    const tty = (ctx.io.stdin as TtyIn).isTTY === true;
    await withSession(ctx, async (s) => {
      const org = s.org?.value;
      if (!org)
        throw new MeshError(
          TctlErrors.OrganizationMissing,
          "users live in an organization, but none was given (no --org flag and the profile's user has no org)",
        );
      const fqn = `organizations/${org}/users/${user}`;
      const self = (await s.client.whoami()).subject === fqn;
      const prompter = new Prompter(ctx.io);
      try {
        const current = self ? await ask(prompter, 'Current password:') : undefined;
        const password = await ask(prompter, 'New password:');
        const problem = passwordProblem(password);
        if (problem) throw new MeshError(TctlErrors.PasswordRejected, `the new password ${problem}`, { field: 'password' });
        if (tty && (await ask(prompter, 'Repeat new password:')) !== password)
          throw new MeshError(TctlErrors.PasswordRejected, 'the two new passwords differ; nothing was changed', { field: 'password' });
        await s.client.request('PUT', fqnPath(fqn, '/password'), { password, ...(current !== undefined ? { currentPassword: current } : {}) });
        // A user entry that keeps the password (Basic auth) would stop working: keep it current.
        if (self && s.user?.password !== undefined && s.userName) {
          const fresh = await loadConfig(s.configPath);
          const entry = fresh.users[s.userName];
          if (entry) {
            entry.password = password;
            await saveConfig(s.configPath, fresh);
          }
        }
      } finally {
        prompter.close();
      }
      ctx.io.stdout.write(
        `Password of ${fqn} changed${self ? `${s.user?.password !== undefined ? `; user entry "${s.userName}" updated` : ''}; log in again on other machines (\`tctl login\`)` : ''}\n`,
      );
    });
  },
});

async function ask(p: Prompter, label: string): Promise<string> {
  const v = await p.ask(label, true);
  if (v === undefined || v === '')
    throw new MeshError(TctlErrors.InputMissing, `${label.replace(/:$/, '').toLowerCase()}: nothing was typed (stdin ended)`, {
      fix: 'Run on a terminal to be prompted, or pipe the password(s), one per line.',
    });
  return v;
}
