import type { Io } from '../command/index.js';
import { runCli } from '../command/index.js';
import { TCTL_GLOBAL_OPTIONS } from './tctl-command.js';

export { TCTL_GLOBAL_OPTIONS };
import { routes as core } from './routes/core.js';
import { routes as certs } from './routes/certs.js';
import { routes as install } from './routes/install.js';
import { routes as clusters } from './routes/clusters.js';
import { routes as health } from './routes/health.js';
import { routes as services } from './routes/services.js';

/** Every tctl route; each area owns its own routes file. */
export const tctlRoutes = [...core, ...certs, ...install, ...clusters, ...health, ...services];

/**
 * Go-style `--flag=true|false` for boolean flags (TSB scripts use them): `=true` becomes the bare
 * flag and `=false` the `--no-<flag>` option the command declares.
 */
export function normaliseBooleanFlags(argv: readonly string[]): string[] {
  return argv.map((a) => {
    const m = /^--([a-z][a-z0-9-]*)=(true|false)$/.exec(a);
    if (!m) return a;
    return m[2] === 'true' ? `--${m[1]}` : `--no-${m[1]}`;
  });
}

/** Runs tctl with argv (without node and script) against the given I/O; resolves to the exit code. */
export function tctl(argv: readonly string[], io: Io): Promise<number> {
  // `tctl get all | head` closes stdout early: stop quietly instead of crashing with EPIPE.
  io.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  return runCli('tctl', normaliseBooleanFlags(argv), io, tctlRoutes, TCTL_GLOBAL_OPTIONS);
}
