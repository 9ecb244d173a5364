import type { Io } from './framework/io.js';
import { runCli } from './framework/run.js';
import { routes as core } from './routes/core.js';
import { routes as certs } from './routes/certs.js';
import { routes as install } from './routes/install.js';
import { routes as clusters } from './routes/clusters.js';

/** Every tctl route; each area owns its own routes file. */
export const tctlRoutes = [...core, ...certs, ...install, ...clusters];

/** Runs tctl with argv (without node and script) against the given I/O; resolves to the exit code. */
export function tctl(argv: readonly string[], io: Io): Promise<number> {
  return runCli('tctl', argv, io, tctlRoutes);
}
