import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand, writeBootstrapProfile } from '../../../cli/index.js';
import { ADMIN_PASSWORD_FILE } from '../../../server/index.js';
import { serverOptions, untilSignal } from './_flags.js';
import { startFromOptions } from './_run.js';

export default defineCommand({
  summary: 'Run the embedded default: server on SQLite in ./data plus a ready tctl profile',
  usage: '[--data-dir DIR] [--listen HOST:PORT] [--profile NAME]',
  description:
    'Starts the management plane with SQLite in ./data, prints the generated admin password once (kept in ./data/admin-password) and writes a current tctl profile pointing at it with the generated CA, so `tctl get organizations` works right away.',
  examples: ['meshbridge up', 'meshbridge up --data-dir /tmp/mb --listen 127.0.0.1:18443'],
  options: {
    ...serverOptions(),
    profile: { type: 'string', value: 'NAME', description: 'tctl profile to write and make current (default meshbridge-local)' },
    'tctl-config': { type: 'string', value: 'FILE', description: 'tctl config file to write (default: TCTL_CONFIG or tctl\'s default path)' },
  },
  async run({ io, options }) {
    const { profile, 'tctl-config': tctlConfig, ...rest } = options;
    const { server, config } = await startFromOptions(io, rest);
    try {
      const password = (await readFile(join(config.dataDir, ADMIN_PASSWORD_FILE), 'utf8')).trim();
      const name = typeof profile === 'string' ? profile : 'meshbridge-local';
      const path = await writeBootstrapProfile({
        ...(typeof tctlConfig === 'string' ? { configPath: tctlConfig } : {}),
        profile: name,
        cluster: name,
        user: `${name}-admin`,
        address: `localhost:${server.port}`,
        ...(server.tls?.caFile ? { caFile: server.tls.caFile } : {}),
        org: config.organization,
        username: 'admin',
        password,
      });
      io.stdout.write(`tctl profile "${name}" written to ${path} and made current: try \`tctl get organizations\`\n`);
    } catch (e) {
      await server.close();
      throw e;
    }
    const signal = await untilSignal();
    await server.close();
    io.stdout.write(`meshbridge stopped (${signal})\n`);
    return 0;
  },
});
