import type { ErrorDef } from './error-def.js';

// MB4918–MB4939: what keeps a mesh root rotation safe (issue #16 review: double abort, stale
// sidecar answers, bring-your-own-CA clusters, mesh-wide rights, foreign cacerts).
export const RootRotationSafetyErrors = {
  RootRotationBothRootsPending: {
    code: 'MB4918',
    name: 'RootRotationBothRootsPending',
    status: 409,
    title: 'The rollback waits until every cluster and workload trusts both roots again',
    fix: 'After an abort from step 3, bundles may still hold only the new root; wait until the clusters named report both roots in their cacerts and workloads (`tctl x ca rotate-root --status`), then run `tctl x ca rotate-root --abort` again.',
  },
} as const satisfies Record<string, ErrorDef>;
