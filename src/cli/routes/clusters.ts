import type { Route } from '../../command/index.js';

/** tctl commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['install', 'cluster-service-account'],
    summary: 'Issue, rotate or revoke the key a cluster agent authenticates with (prints the JWK)',
    load: () => import('../commands/install/cluster-service-account.js'),
  },
  {
    path: ['install', 'manifest', 'control-plane-secrets'],
    summary: 'Print the Kubernetes Secrets a cluster agent needs',
    load: () => import('../commands/install/manifest/control-plane-secrets.js'),
  },
];
