import type { Route } from '../../cli/index.js';

/** `meshbridge` commands of this area; each loads its module only when run. */
export const routes: readonly Route[] = [];
