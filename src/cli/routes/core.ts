import type { Route } from '../framework/command.js';

/** tctl's core commands (config, login, get, apply, ...); each loads its module only when run. */
export const routes: readonly Route[] = [
  { path: ['version'], summary: 'Print the client (and server) version', load: () => import('../commands/version.js') },
];
