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
  RootRotationOwnCaBehind: {
    code: 'MB4919',
    name: 'RootRotationOwnCaBehind',
    status: 409,
    title: 'A cluster that brings its own CA does not trust or chain to the roots the next step needs',
    fix: "meshbridge never writes a plug-in CA it did not deliver: add the new mesh root (its PEM is in any managed cluster's root-cert.pem: GET /v2/organizations/{o}/clusters/{c}/cacerts) to the named cluster's own cacerts root-cert.pem for step 1, re-issue its intermediate from the new root before step 3, and wait for its workloads to pick them up; or drop spec.bringYourOwnCa so meshbridge delivers its cacerts. Then retry.",
  },
  RootRotationMeshWideRight: {
    code: 'MB4920',
    name: 'RootRotationMeshWideRight',
    status: 403,
    title: 'Driving a root rotation needs SET_POLICY on every organization that has clusters',
    fix: "The mesh root is shared: each step rewrites the cacerts of every organization's clusters. Have an administrator of the organizations named grant you rbac/admin there (or on the root, for all of them), or let someone who holds it drive the rotation.",
  },
  ForeignCacerts: {
    code: 'MB4921',
    name: 'ForeignCacerts',
    status: 409,
    title: 'The cluster holds a cacerts Secret that meshbridge did not deliver',
    fix: 'meshbridge never overwrites or deletes a plug-in CA it did not deliver. To keep that CA, set spec.bringYourOwnCa on the Cluster; to let meshbridge deliver its own, delete the Secret (`kubectl -n istio-system delete secret cacerts`, or its file in the GitOps folder) or label it `app.kubernetes.io/managed-by=meshbridge`. The agent applies it on its next snapshot.',
  },
} as const satisfies Record<string, ErrorDef>;
