import type { ErrorDef } from './error-def.js';

// MB2300–MB2349 (issue 11, tctl usability): edits kept when they cannot be applied, deletes of
// objects already gone. MB2400–MB2449 are reserved for the command layer (issue 12).
export const CliUsabilityErrors = {
  EditInvalid: {
    code: 'MB2300',
    name: 'EditInvalid',
    status: 400,
    title: 'The edited objects are not valid',
    fix: 'Correct the error shown and save again; `tctl edit` reopens the editor with the error on top when run on a terminal, and otherwise keeps your copy at the path shown (apply it with `tctl apply -f <path>` once corrected).',
  },
  DeleteTargetGone: {
    code: 'MB2301',
    name: 'DeleteTargetGone',
    status: 404,
    title: 'Object to delete does not exist',
    fix: 'Nothing to do for this object: it is already gone. Pass --ignore-not-found to skip such objects without an error, as kubectl does.',
  },
} as const satisfies Record<string, ErrorDef>;
