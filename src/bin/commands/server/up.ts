import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand } from '../../../command/index.js';
import { writeBootstrapProfile } from '../../../cli/index.js';
import { ADMIN_PASSWORD_FILE } from '../../../server/index.js';
import { MeshClient } from '../../../client/index.js';
import { serverOptions, untilSignal } from './_flags.js';
import { startFromOptions } from './_run.js';
import { startDemo, whatNext, type DemoAgent } from './_demo.js';

export default defineCommand({
  summary: 'Run the embedded default: server on SQLite in ./data, a local demo cluster and a ready tctl profile',
  usage: '[--data-dir DIR] [--listen HOST:PORT] [--agent-listen HOST:PORT|off] [--profile NAME]',
  description:
    'Starts the management plane with SQLite in ./data, prints the generated admin password once (kept in ./data/admin-password) and writes a current tctl profile pointing at it with the generated CA, so `tctl get organizations` works right away. Unless --agent-listen is off it also onboards a local cluster "demo" and runs its agent in-process: configuration selecting demo/<namespace> lands as Istio YAML under ./data/clusters/demo/ (namespaces listed in ./data/clusters/demo-inventory.yaml). Logs default to warn here (--log-level info for more).',
  examples: ['meshbridge up', 'meshbridge up --data-dir /tmp/mb --listen 127.0.0.1:18443 --agent-listen 127.0.0.1:19443', 'meshbridge up --agent-listen off'],
  options: {
    ...serverOptions(),
    profile: { type: 'string', value: 'NAME', default: 'meshbridge-local', description: 'tctl profile to write and make current' },
    'tctl-config': { type: 'string', value: 'FILE', description: "tctl config file to write (default: TCTL_CONFIG or tctl's default path)" },
  },
  async run({ io, options }) {
    const { profile, 'tctl-config': tctlConfig, ...rest } = options;
    // Terminal first: request logs would bury the password and the next steps (--log-level info brings them back).
    const quiet: Record<string, string> = io.env.MESHBRIDGE_LOG_LEVEL ? {} : { 'log-level': 'warn' };
    const { server, config } = await startFromOptions(io, rest, quiet);
    let demo: DemoAgent = { skipped: 'not started' };
    try {
      const passwordFile = join(config.dataDir, ADMIN_PASSWORD_FILE);
      const password = (await readFile(passwordFile, 'utf8')).trim();
      const name = profile;
      const address = `localhost:${server.port}`;
      // The profile carries tokens from a real login, never the password (the file is plain text).
      const trust = !server.tls ? { tlsDisabled: true } : server.tls.caFile ? { ca: await readFile(server.tls.caFile, 'utf8') } : {};
      const client = new MeshClient({ address, ...trust });
      const tokens = await client.login('admin', password, config.organization);
      const path = await writeBootstrapProfile({
        ...(typeof tctlConfig === 'string' ? { configPath: tctlConfig } : {}),
        profile: name,
        cluster: name,
        user: `${name}-admin`,
        address,
        ...(server.tls?.caFile ? { caFile: server.tls.caFile } : {}),
        ...(server.tls ? {} : { tlsDisabled: true }),
        org: config.organization,
        username: 'admin',
        token: tokens.accessToken,
        refreshToken: tokens.refreshToken,
      });
      demo = await startDemo(server, config, password);
      io.stdout.write(
        whatNext({
          profile: name,
          path,
          passwordFile,
          config,
          demo,
          agentPort: server.agentPort,
          url: server.url,
          ...(server.generatedAdminPassword ? { password: server.generatedAdminPassword } : {}),
        }),
      );
    } catch (e) {
      await server.close();
      throw e;
    }
    const signal = await untilSignal();
    // The agent first: it would otherwise reconnect in a loop to the closing server.
    if ('stop' in demo) await demo.stop().catch((err: unknown) => server.log.error({ err }, 'demo agent stop failed'));
    await server.close();
    io.stdout.write(`meshbridge stopped (${signal})\n`);
    return 0;
  },
});
