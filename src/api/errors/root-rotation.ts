import type { ErrorDef } from './error-def.js';

// MB4910–MB4939: rotating the mesh root across the fleet (issue #16, `tctl x ca rotate-root`).
export const RootRotationErrors = {
  RootRotationInProgress: {
    code: 'MB4910',
    name: 'RootRotationInProgress',
    status: 409,
    title: 'A root rotation is already in progress',
    fix: 'Follow it with `tctl x ca rotate-root --status`; finish it with `--advance` or undo it with `--abort` before starting another.',
  },
  RootRotationNone: {
    code: 'MB4911',
    name: 'RootRotationNone',
    status: 409,
    title: 'No root rotation is in progress',
    fix: 'Start one with `tctl x ca rotate-root --start` (see what it would do with `--plan`).',
  },
  RootRotationGateOpen: {
    code: 'MB4912',
    name: 'RootRotationGateOpen',
    status: 409,
    title: 'Not every cluster has reached the current step of the root rotation',
    fix: 'Wait until the clusters named hold what they lack (an agent must be connected and its workloads must pick up the new bundle or certificates), then retry; `tctl x ca rotate-root --status` shows each cluster. A cluster that is gone for good can be deleted.',
  },
  RootRotationRollbackPending: {
    code: 'MB4913',
    name: 'RootRotationRollbackPending',
    status: 409,
    title: 'The rollback still has workloads on certificates from the new root',
    fix: 'Wait until every workload named has a certificate from the old root again (workloads re-issue as they rotate, or restart them), then run `tctl x ca rotate-root --abort` again.',
  },
  RootRotationWrongStep: {
    code: 'MB4914',
    name: 'RootRotationWrongStep',
    status: 409,
    title: 'That action does not apply to the current step of the root rotation',
    fix: 'During a rollback only `--abort` (finishing the rollback) and `--status` apply; see `tctl x ca rotate-root --status`.',
  },
  RootRotationNoRoot: {
    code: 'MB4915',
    name: 'RootRotationNoRoot',
    status: 409,
    title: 'The mesh has no root CA to rotate',
    fix: 'The server creates the mesh root when it starts with the mesh CA enabled; start it, then retry.',
  },
  RootRotationOtherOrganization: {
    code: 'MB4916',
    name: 'RootRotationOtherOrganization',
    status: 409,
    title: 'The root rotation belongs to another organization',
    fix: 'The mesh root is shared by the management plane: follow and drive the rotation under the organization that started it (named in the message).',
  },
  RootRotationFlags: {
    code: 'MB4917',
    name: 'RootRotationFlags',
    status: 400,
    title: 'tctl x ca rotate-root needs exactly one action',
    fix: 'Give one of --plan, --start, --status, --advance or --abort (-o table|yaml|json applies to each).',
  },
} as const satisfies Record<string, ErrorDef>;
