import type { Route } from '../../command/index.js';

/** tctl commands of sidecar health (issue #13); each loads its module only when run. */
export const routes: readonly Route[] = [
  { path: ['x', 'health'], summary: 'Is a sidecar ready, and if not, why (one pod, a URL, or the fleet)', load: () => import('../commands/x/health.js') },
  { path: ['x', 'doctor'], summary: 'Check everything the FAQ asks about, with the fix for each failure', load: () => import('../commands/x/doctor.js') },
];
