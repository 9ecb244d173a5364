import type { Route } from '../../command/index.js';

/** `meshbridge` commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['cni', 'status'],
    summary: 'Show which CNI config kubelet uses and whether meshbridge-cni is chained into it',
    load: () => import('../commands/cni/status.js'),
  },
  {
    path: ['cni', 'install'],
    summary: "Chain the meshbridge-cni plugin into the node's primary CNI config and keep it chained",
    load: () => import('../commands/cni/install.js'),
  },
];
