import type { Route } from '../../command/index.js';

/** `meshbridge` commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['agent'],
    summary: 'Run the cluster agent (stream config from the management plane into a cluster)',
    load: () => import('../commands/agent/agent.js'),
  },
];
