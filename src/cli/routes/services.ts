import type { Route } from '../../command/index.js';

/** tctl commands of the global service registry (issue #17); each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['x', 'services'],
    summary: 'The global service registry: which clusters expose a hostname, through which gateways',
    load: () => import('../commands/x/services.js'),
  },
];
