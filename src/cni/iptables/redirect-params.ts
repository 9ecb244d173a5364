import { CniFault } from '../cni-fault.js';
import { canonicalIpv6Cidr } from './ipv6.js';

/** Istio's fixed ports and the proxy identity defaults (pilot-agent / istio-iptables). */
export const OUTBOUND_CAPTURE_PORT = 15001;
/** Envoy's inbound capture listener. */
export const INBOUND_CAPTURE_PORT = 15006;
/** HBONE tunnel port: never captured inbound. */
export const TUNNEL_PORT = 15008;
/** The proxy's UID and GID unless its securityContext says otherwise. */
export const DEFAULT_PROXY_ID = 1337;
/** Always excluded from inbound capture: pilot-agent status, health and Envoy Prometheus ports. */
export const ALWAYS_EXCLUDED_INBOUND_PORTS: readonly number[] = [15020, 15021, 15090];

/** The pod annotations that shape capture, as the sidecar injector writes them. */
export const Annotations = {
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
} as const;

/** Everything the rule builder needs; produced from annotations by {@link redirectParams}. */
export interface RedirectParams {
  readonly proxyUid: number;
  readonly proxyGid: number;
  /** `'*'` captures every destination; a list captures only those IPv4 ranges. */
  readonly includeOutboundCidrs: '*' | readonly string[];
  readonly excludeOutboundCidrs: readonly string[];
  /** `'*'` captures every inbound port (minus exclusions); an empty list disables inbound capture. */
  readonly includeInboundPorts: '*' | readonly number[];
  readonly excludeInboundPorts: readonly number[];
  readonly excludeOutboundPorts: readonly number[];
  readonly includeOutboundPorts: readonly number[];
  /** The same lists for IPv6 (ip6tables), used when the pod has an IPv6 address. */
  readonly includeOutboundCidrs6: '*' | readonly string[];
  readonly excludeOutboundCidrs6: readonly string[];
}

/** The proxy container's identity when known (securityContext.runAsUser/runAsGroup). */
export interface ProxyIdentity {
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Reads the traffic annotations with Istio's defaults and validation (cni/pkg/plugin/sidecar_redirect.go):
 * includeOutboundIPRanges `*`, excludeInboundPorts and excludeOutboundPorts `15020`, inbound exclusions
 * always gain 15020,15021,15090. Throws CniAnnotationInvalid naming the annotation at fault.
 */
export function redirectParams(annotations: Readonly<Record<string, string>>, proxy: ProxyIdentity = {}): RedirectParams {
  const mode = annotations[Annotations.interceptionMode];
  if (mode !== undefined && mode !== 'REDIRECT') {
    throw new CniFault(
      'CniInterceptionModeUnsupported',
      `annotation ${Annotations.interceptionMode}: "${mode}" is not supported; meshbridge-cni installs REDIRECT rules`,
      { field: `metadata.annotations["${Annotations.interceptionMode}"]` },
    );
  }
  const get = (key: string, def: string): string => annotations[key] ?? def;
  const include = cidrList(Annotations.includeOutboundIPRanges, get(Annotations.includeOutboundIPRanges, '*'), true);
  const exclude = cidrList(Annotations.excludeOutboundIPRanges, get(Annotations.excludeOutboundIPRanges, ''), false);
  const inbound = portList(Annotations.includeInboundPorts, get(Annotations.includeInboundPorts, '*'), true);
  const excludeIn = portList(Annotations.excludeInboundPorts, get(Annotations.excludeInboundPorts, '15020'), false) as number[];
  return {
    proxyUid: proxy.uid && proxy.uid > 0 ? proxy.uid : DEFAULT_PROXY_ID,
    proxyGid: proxy.gid && proxy.gid > 0 ? proxy.gid : DEFAULT_PROXY_ID,
    includeOutboundCidrs: include.v4 === '*' ? '*' : include.v4,
    excludeOutboundCidrs: exclude.v4 === '*' ? [] : exclude.v4,
    includeInboundPorts: inbound,
    excludeInboundPorts: dedup([...excludeIn, ...ALWAYS_EXCLUDED_INBOUND_PORTS]),
    excludeOutboundPorts: portList(Annotations.excludeOutboundPorts, get(Annotations.excludeOutboundPorts, '15020'), false) as number[],
    includeOutboundPorts: portList(Annotations.includeOutboundPorts, get(Annotations.includeOutboundPorts, ''), false) as number[],
    includeOutboundCidrs6: include.v4 === '*' ? '*' : include.v6,
    excludeOutboundCidrs6: exclude.v6,
  };
}

function fail(key: string, message: string): never {
  throw new CniFault('CniAnnotationInvalid', `annotation ${key}: ${message}`, { field: `metadata.annotations["${key}"]` });
}

function items(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function portList(key: string, value: string, wildcard: boolean): '*' | number[] {
  if (value.trim() === '*') {
    if (wildcard) return '*';
    fail(key, '"*" is not allowed here; list the ports to exclude');
  }
  return dedup(
    items(value).map((p) => {
      if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) fail(key, `"${p}" is not a port number (1-65535)`);
      return Number(p);
    }),
  );
}

function cidrList(key: string, value: string, wildcard: boolean): { v4: '*' | string[]; v6: string[] } {
  if (value.trim() === '*') {
    if (wildcard) return { v4: '*', v6: [] };
    fail(key, '"*" is not allowed here; list the CIDRs to exclude');
  }
  const v4: string[] = [];
  const v6: string[] = [];
  for (const c of items(value)) {
    if (c.includes(':')) {
      const canonical6 = canonicalIpv6Cidr(c);
      if (canonical6 === undefined) fail(key, `"${c}" is not an IPv6 CIDR (write it as fd00::/8)`);
      v6.push(canonical6);
      continue;
    }
    const canonical = canonicalIpv4Cidr(c);
    if (canonical === undefined) fail(key, `"${c}" is not a CIDR (write it as a.b.c.d/prefix)`);
    v4.push(canonical);
  }
  return { v4: dedup(v4), v6: dedup(v6) };
}

/** `10.1.2.3/8` → `10.0.0.0/8`, the form iptables-save prints back; undefined when not a valid IPv4 CIDR. */
export function canonicalIpv4Cidr(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (addr & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${prefix}`;
}

/** True when the IPv4 CIDR overlaps 127.0.0.0/8 (Istio then keeps app→app loopback traffic captured). */
export function isLoopbackCidr(cidr: string): boolean {
  const [addr, p] = cidr.split('/');
  const prefix = Number(p);
  return addr.startsWith('127.') || (prefix < 8 && canonicalIpv4Cidr(`127.0.0.0/${prefix}`) === `${addr}/${prefix}`);
}

function dedup<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
