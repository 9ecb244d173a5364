import type { Route } from '../cli/index.js';

/** The `meshbridge` binary's commands: server, up, agent and the CNI installer. */
export const routes: readonly Route[] = [];
