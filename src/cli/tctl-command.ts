// tctl's commands are declared here: the command layer's defineCommand with TSB's global flags
// (--profile, --org, ...) typed in every command's `run`.
import type { Command, CommandContext, Options } from '../command/index.js';

/** TSB's global flags, accepted by every tctl command. */
export const TCTL_GLOBAL_OPTIONS = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'config file (default $TCTL_CONFIG or $XDG_CONFIG_HOME/meshbridge/tctl.yaml)' },
  profile: { type: 'string', short: 'p', value: 'NAME', description: 'profile to use instead of the current one' },
  org: { type: 'string', value: 'ORG', description: "organization; overrides the profile's user entry" },
  tenant: { type: 'string', value: 'TENANT', description: "tenant; overrides the profile's user entry" },
  'disable-tctl-version-warn': { type: 'boolean', description: 'accepted for TSB compatibility (meshbridge never warns)' },
} as const satisfies Options;

/** What every tctl command's `run` receives: its own options plus the global ones, typed. */
export type TctlContext<S extends Options = Options> = CommandContext<S & typeof TCTL_GLOBAL_OPTIONS>;

type Globals = typeof TCTL_GLOBAL_OPTIONS;

/** Declares a tctl command: `defineCommand({ summary, usage, options, run })`; `run` sees the options typed. */
export function defineCommand<const S extends Options = Record<never, never>>(c: Command<S, Globals>): Command<S, Globals> {
  return c;
}
