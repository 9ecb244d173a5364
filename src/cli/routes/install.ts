import type { Route } from '../framework/command.js';

/** tctl commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [];
