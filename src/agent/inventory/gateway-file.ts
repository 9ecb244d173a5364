// The `gateways:` list of a file inventory (issue #17): what the kubernetes inventory discovers
// from gateway Services and Istio Gateways, written down by hand for clusters without one.
import { isIP } from 'node:net';
import { MeshError, MulticlusterErrors } from '../../api/index.js';
import type { GatewayPort, GatewayReport } from '../../gen/agent-types.js';

const KINDS = ['ingress', 'eastwest', 'tier1'] as const;
const FIELDS = ['namespace', 'name', 'kind', 'addresses', 'ports', 'hostnames', 'network', 'pods'];
const PORT_FIELDS = ['name', 'port', 'nodePort', 'protocol'];
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for an IP address or a DNS name (what a LoadBalancer ingress holds). */
export function isAddress(a: string): boolean {
  return isIP(a) !== 0 || DNS_NAME.test(a);
}

/** True for a hostname a Gateway server may expose: a DNS name, optionally `*.`-prefixed, or `*`. */
export function isHostname(h: string): boolean {
  return h === '*' || DNS_NAME.test(h.startsWith('*.') ? h.slice(2) : h);
}

function strings(v: unknown, at: string, bad: (m: string) => never, check?: (s: string) => string | undefined): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(`${at} must be a list of strings`);
  return (v as unknown[]).map((s, i) => {
    if (typeof s !== 'string' || s === '') bad(`${at}[${i}] must be a non-empty string`);
    const problem = check?.(s as string);
    if (problem) bad(`${at}[${i}] ${JSON.stringify(s)} ${problem}`);
    return s as string;
  });
}

function port(p: unknown, at: string, bad: (m: string) => never): GatewayPort {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) bad(`${at} must be {name, port, nodePort?, protocol?}`);
  const o = p as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!PORT_FIELDS.includes(k)) bad(`${at}.${k} is not a port field; use ${PORT_FIELDS.join(', ')}`);
  const num = (v: unknown, f: string): number => {
    if (v === undefined && f === 'nodePort') return 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) bad(`${at}.${f} must be a port number 1-65535, got ${JSON.stringify(v ?? null)}`);
    return v as number;
  };
  if (o.name !== undefined && typeof o.name !== 'string') bad(`${at}.name must be a string`);
  if (o.protocol !== undefined && typeof o.protocol !== 'string') bad(`${at}.protocol must be a string such as TCP`);
  return {
    name: (o.name as string | undefined) ?? '',
    port: num(o.port, 'port'),
    nodePort: num(o.nodePort, 'nodePort'),
    protocol: (o.protocol as string | undefined) ?? 'TCP',
  };
}

/** Parses and validates `gateways: [{namespace, name, kind, addresses, ports, hostnames, network, pods}]`. */
export function parseInventoryGateways(d: Record<string, unknown>, file: string): GatewayReport[] {
  const bad = (msg: string): never => {
    throw new MeshError(MulticlusterErrors.GatewayInventoryInvalid, `${file}: ${msg}`, { field: 'inventory.gateways' });
  };
  if (d.gateways === undefined) return [];
  if (!Array.isArray(d.gateways)) bad('gateways must be a list of {namespace, name, kind, addresses, ports, hostnames}');
  const seen = new Set<string>();
  return (d.gateways as unknown[]).map((g, i) => {
    const at = `gateways[${i}]`;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) bad(`${at} must be a mapping`);
    const o = g as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!FIELDS.includes(k)) bad(`${at}.${k} is not a gateway field; use ${FIELDS.join(', ')}`);
    for (const f of ['namespace', 'name'] as const)
      if (typeof o[f] !== 'string' || !K8S_NAME.test(o[f] as string)) bad(`${at}.${f} must be a Kubernetes name, got ${JSON.stringify(o[f] ?? null)}`);
    const id = `${String(o.namespace)}/${String(o.name)}`;
    if (seen.has(id)) bad(`${at}: ${id} is listed twice`);
    seen.add(id);
    const kind = o.kind ?? 'ingress';
    if (!KINDS.includes(kind as (typeof KINDS)[number])) bad(`${at}.kind ${JSON.stringify(kind)} must be one of ${KINDS.join(', ')}`);
    const addresses = strings(o.addresses, `${at}.addresses`, bad, (a) => (isAddress(a) ? undefined : 'is not an IP address or DNS name'));
    if (o.ports !== undefined && !Array.isArray(o.ports)) bad(`${at}.ports must be a list of {name, port, nodePort?}`);
    const ports = ((o.ports ?? []) as unknown[]).map((p, j) => port(p, `${at}.ports[${j}]`, bad));
    const hostnames = strings(o.hostnames, `${at}.hostnames`, bad, (h) =>
      isHostname(h.toLowerCase()) ? undefined : 'is not a hostname (e.g. bookinfo.example.com or *.example.com)',
    );
    if (o.network !== undefined && typeof o.network !== 'string') bad(`${at}.network must be a string (topology.istio.io/network)`);
    const pods = strings(o.pods, `${at}.pods`, bad, (p) => (K8S_NAME.test(p) ? undefined : 'is not a pod name'));
    return {
      namespace: o.namespace as string,
      name: o.name as string,
      kind: kind as string,
      addresses,
      ports,
      hostnames,
      network: (o.network as string | undefined) ?? '',
      pods,
    };
  });
}
