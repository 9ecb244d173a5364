import type { Route } from '../../command/index.js';

/** tctl commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['install', 'manifest', 'management-plane'],
    summary: 'Render a ManagementPlane CR into Kubernetes manifests',
    load: () => import('../commands/install/manifest/management-plane.js'),
  },
  {
    path: ['install', 'manifest', 'control-plane'],
    summary: 'Render a ControlPlane CR into Kubernetes manifests',
    load: () => import('../commands/install/manifest/control-plane.js'),
  },
  {
    path: ['install', 'manifest', 'gateway'],
    summary: 'Render IngressGateway, EgressGateway or Tier1Gateway CRs into Kubernetes manifests',
    load: () => import('../commands/install/manifest/gateway.js'),
  },
  { path: ['install', 'manifest', 'crds'], summary: 'Print the install.tetrate.io CRDs', load: () => import('../commands/install/manifest/crds.js') },
];
