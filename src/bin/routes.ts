import type { Route } from '../command/index.js';
import { routes as server } from './routes/server.js';
import { routes as agent } from './routes/agent.js';
import { routes as cni } from './routes/cni.js';

/** The `meshbridge` binary's commands: server, up, agent and the CNI installer. */
export const routes: readonly Route[] = [...server, ...agent, ...cni];
