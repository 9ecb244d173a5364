import type { BootstrapProfileOptions } from './config/bootstrap.js';

export type { BootstrapProfileOptions } from './config/bootstrap.js';

/**
 * Leaves a ready tctl profile (cluster + user + profile, made current) for `meshbridge up`.
 * The config module (and its YAML library) loads only when this is called, so importing src/cli
 * stays cheap for tctl's start-up.
 */
export async function writeBootstrapProfile(options: BootstrapProfileOptions): Promise<string> {
  const m = await import('./config/bootstrap.js');
  return m.writeBootstrapProfile(options);
}
