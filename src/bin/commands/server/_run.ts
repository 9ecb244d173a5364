import type { CommandContext, Io } from '../../../command/index.js';
import { VERSION } from '../../../cli/index.js';
import { createServer, loadServerConfig, type MeshbridgeServer, type ServerConfig } from '../../../server/index.js';
import { ADMIN_PASSWORD_FILE } from '../../../server/index.js';
import { join } from 'node:path';
import { logProcessWarnings } from '../../process-warnings.js';

/** Starts the server from command options and prints where it listens (and the password, once). */
export async function startFromOptions(
  io: Io,
  options: CommandContext['options'],
  defaults: Record<string, string> = {},
): Promise<{ server: MeshbridgeServer; config: ServerConfig }> {
  const flags: Record<string, string | boolean | (string | boolean)[] | undefined> = { ...defaults };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) flags[k] = v;
  // A closed stdout (the parent went away) must not crash the server before it closes the store.
  io.stdout.on('error', () => {});
  const config = loadServerConfig(flags, io.env, io.cwd);
  const server = await createServer(config, { version: VERSION });
  logProcessWarnings(server.log);
  if (server.tls?.caFile) io.stdout.write(`CA certificate: ${server.tls.caFile}\n`);
  if (server.generatedAdminPassword) {
    io.stdout.write(
      `\nCreated organization "${config.organization}" and its admin user.\n` +
        `  username: admin\n  password: ${server.generatedAdminPassword}\n` +
        `This password is shown once; it is also kept in ${join(config.dataDir, ADMIN_PASSWORD_FILE)} (mode 0600).\n\n`,
    );
  }
  // Last, in one write: scripts (and tests) wait for this line, so everything above is already out.
  io.stdout.write(`meshbridge server v${VERSION} listening on ${server.url} (store: ${server.store.backend}, data: ${config.dataDir})\n`);
  return { server, config };
}
