import type { ErrorDef } from './error-def.js';

// Traffic across clusters (issue #17): gateway discovery and the global service registry, MB1700–MB1749.
export const MulticlusterErrors = {
  GatewayInventoryInvalid: {
    code: 'MB1700',
    name: 'GatewayInventoryInvalid',
    status: 400,
    title: "A gateway in the agent's file inventory is not valid",
    fix: 'Fix the named `gateways[i]` field of the inventory file: each gateway needs namespace, name, kind (ingress|eastwest|tier1), addresses (IPs or DNS names), ports [{name, port, nodePort?}], and optionally hostnames, network and pods (names of its pods in the same namespace, for health). See docs/clusters.md#discovery.',
  },
  ServiceNotRegistered: {
    code: 'MB1701',
    name: 'ServiceNotRegistered',
    status: 404,
    title: 'No gateway of a cluster you may read exposes this hostname',
    fix: 'List what is registered with `tctl x services`; a hostname appears once an agent reports a gateway whose Istio Gateway (servers[].hosts) exposes it, and only for clusters you may read.',
  },
  ServiceHostInvalid: {
    code: 'MB1702',
    name: 'ServiceHostInvalid',
    status: 400,
    title: 'Not a hostname',
    fix: 'Give a DNS name such as `bookinfo.example.com` (lower case letters, digits, `-` and `.`; a leading `*.` for a wildcard host).',
  },
} as const satisfies Record<string, ErrorDef>;
