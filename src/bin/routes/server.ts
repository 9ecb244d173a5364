import type { Route } from '../../command/index.js';

/** `meshbridge` commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  { path: ['server'], summary: 'Run the management plane (REST API on :8443, agent stream on :9443)', load: () => import('../commands/server/server.js') },
  {
    path: ['up'],
    summary: 'Run the embedded default: server on SQLite in ./data, a local demo cluster and a ready tctl profile',
    load: () => import('../commands/server/up.js'),
  },
];
