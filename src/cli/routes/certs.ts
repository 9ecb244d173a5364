import type { Route } from '../../command/index.js';

/** tctl commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [
  {
    path: ['x', 'certs', 'verify'],
    summary: 'Verify a certificate chain and explain every problem (OpenSSL-compatible)',
    load: () => import('../commands/x/certs/verify.js'),
  },
  {
    path: ['x', 'certs', 'lint'],
    summary: 'Find what is legal but fragile in certificates and trust bundles, with the verifiers it would break',
    load: () => import('../commands/x/certs/lint.js'),
  },
  {
    path: ['x', 'certs', 'inspect'],
    summary: "Show certificate fields, or istioctl's secret table for a config dump",
    load: () => import('../commands/x/certs/inspect.js'),
  },
  {
    path: ['x', 'certs', 'extract'],
    summary: 'Extract the workload chain and ROOTCA bundle from an Envoy/istioctl secret dump or a live pod',
    load: () => import('../commands/x/certs/extract.js'),
  },
  {
    path: ['x', 'certs', 'rootca-compare'],
    summary: 'Check whether two workloads (or all) share a root certificate',
    load: () => import('../commands/x/certs/rootca-compare.js'),
  },
  { path: ['x', 'ca', 'create-root'], summary: 'Create a mesh root CA (root-cert.pem, root-key.pem)', load: () => import('../commands/x/ca/create-root.js') },
  {
    path: ['x', 'ca', 'create-intermediate'],
    summary: "Issue a cluster's Istio plug-in CA (cacerts) from the mesh root",
    load: () => import('../commands/x/ca/create-intermediate.js'),
  },
  {
    path: ['x', 'ca', 'rotate-root'],
    summary: 'Rotate the mesh root across every cluster without downtime',
    load: () => import('../commands/x/ca/rotate-root.js'),
  },
  { path: ['x', 'ca', 'check'], summary: "Run istiod's load-time checks on a cacerts directory", load: () => import('../commands/x/ca/check.js') },
];
