import type { ErrorDef } from './error-def.js';

// Issue 11 (TSB users' files, scripts and edits). Blocks: MB1300–1399 core, MB2350–2399 tctl,
// MB3300–3399 clusters/agent, MB6300–6399 install.
export const TsbUserErrors = {
  NoRightHere: {
    code: 'MB2350',
    name: 'NoRightHere',
    status: 404,
    title: 'No right on this object (or it does not exist)',
    fix: 'Work within what you can reach (the message lists it: pass those --tenant/-w flags, or make them the default with `tctl config users set`), or ask an admin of the object to bind a role to you on it.',
  },
  AgentPortNotApi: {
    code: 'MB2351',
    name: 'AgentPortNotApi',
    status: 503,
    title: 'The address is the agent port, not the API port',
    fix: 'Point the cluster entry at the API port (`meshbridge server --listen`, 8443 by default): `tctl config clusters set <cluster> --bridge-address <host>:8443`. The agent port (`--agent-listen`, 9443 by default) speaks only gRPC to cluster agents.',
  },
} as const satisfies Record<string, ErrorDef>;
