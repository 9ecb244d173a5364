import type { Io } from './framework/io.js';
import type { OptionSpec } from './framework/command.js';
import { runCli } from './framework/run.js';
import { routes as core } from './routes/core.js';
import { routes as certs } from './routes/certs.js';
import { routes as install } from './routes/install.js';
import { routes as clusters } from './routes/clusters.js';
import { routes as health } from './routes/health.js';

/** Every tctl route; each area owns its own routes file. */
export const tctlRoutes = [...core, ...certs, ...install, ...clusters, ...health];

/** TSB's global flags, accepted by every tctl command. */
export const TCTL_GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'config file (default $TCTL_CONFIG or $XDG_CONFIG_HOME/meshbridge/tctl.yaml)' },
  profile: { type: 'string', short: 'p', value: 'NAME', description: 'profile to use instead of the current one' },
  org: { type: 'string', value: 'ORG', description: "organization; overrides the profile's user entry" },
  tenant: { type: 'string', value: 'TENANT', description: "tenant; overrides the profile's user entry" },
  'disable-tctl-version-warn': { type: 'boolean', description: 'accepted for TSB compatibility (meshbridge never warns)' },
};

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
