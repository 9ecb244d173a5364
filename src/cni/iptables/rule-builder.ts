import type { RedirectParams } from './redirect-params.js';
import { INBOUND_CAPTURE_PORT, OUTBOUND_CAPTURE_PORT, TUNNEL_PORT, isLoopbackCidr } from './redirect-params.js';
import { isIpv6LoopbackCidr } from './ipv6.js';

/** iptables (4) or ip6tables (6). */
export type IpFamily = 4 | 6;

/** Per-family addresses Istio uses: loopback, and the inbound-passthrough source Envoy binds. */
const FAMILY = {
  4: { loopback: '127.0.0.1/32', passthrough: '127.0.0.6/32', isLoopback: isLoopbackCidr },
  6: { loopback: '::1/128', passthrough: '::6/128', isLoopback: isIpv6LoopbackCidr },
} as const;

/** The chains meshbridge-cni owns in the pod's nat table (Istio's names, so istioctl and runbooks apply). */
export const ISTIO_CHAINS = ['ISTIO_INBOUND', 'ISTIO_REDIRECT', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT'] as const;

/** A nat-table rule set: chains to create and `-A` rules, in the exact form iptables-save prints. */
export interface RuleSet {
  readonly chains: readonly string[];
  readonly rules: readonly string[];
}

/**
 * Builds the REDIRECT-mode capture rules with Istio's semantics (tools/istio-iptables capture/run.go).
 * Pure. Rules are written in iptables-save's canonical form (`-p tcp -m tcp --dport`, `-s` before `-o`)
 * so CHECK can compare what the kernel reports with what ADD installed, line for line.
 */
export function buildRules(p: RedirectParams, family: IpFamily = 4): RuleSet {
  const rules: string[] = [
    `-A ISTIO_INBOUND -p tcp -m tcp --dport ${TUNNEL_PORT} -j RETURN`,
    `-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports ${OUTBOUND_CAPTURE_PORT}`,
    `-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports ${INBOUND_CAPTURE_PORT}`,
    ...inboundRules(p),
    '-A OUTPUT -j ISTIO_OUTPUT',
    ...outboundRules(p, family),
  ];
  return { chains: [...ISTIO_CHAINS], rules };
}

function inboundRules(p: RedirectParams): string[] {
  const inc = p.includeInboundPorts;
  // An empty include list means "no inbound capture": Istio then does not even jump from PREROUTING.
  if (inc !== '*' && inc.length === 0) return [];
  const out = ['-A PREROUTING -p tcp -j ISTIO_INBOUND'];
  if (inc === '*') {
    for (const port of p.excludeInboundPorts) out.push(`-A ISTIO_INBOUND -p tcp -m tcp --dport ${port} -j RETURN`);
    out.push('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT');
  } else {
    // With an explicit list Istio ignores excludeInboundPorts: only the listed ports are captured.
    for (const port of inc) out.push(`-A ISTIO_INBOUND -p tcp -m tcp --dport ${port} -j ISTIO_IN_REDIRECT`);
  }
  return out;
}

function outboundRules(p: RedirectParams, family: IpFamily): string[] {
  const f = FAMILY[family];
  const include = family === 4 ? p.includeOutboundCidrs : p.includeOutboundCidrs6;
  const exclude = family === 4 ? p.excludeOutboundCidrs : p.excludeOutboundCidrs6;
  const out: string[] = [];
  // Port exclusions come first so nothing below can capture them.
  for (const port of p.excludeOutboundPorts) {
    out.push(`-A ISTIO_OUTPUT -p tcp -m tcp --dport ${port} -j RETURN`);
    out.push(`-A ISTIO_OUTPUT -p udp -m udp --dport ${port} -j RETURN`);
  }
  // 127.0.0.6 is the source Envoy's inbound passthrough cluster binds to: never capture it again.
  out.push(`-A ISTIO_OUTPUT -s ${f.passthrough} -o lo -j RETURN`);
  const loopbackIncluded = include !== '*' && include.some(f.isLoopback);
  for (const [flag, id] of [
    ['--uid-owner', p.proxyUid],
    ['--gid-owner', p.proxyGid],
  ] as const) {
    // The proxy calling its own pod through a service VIP goes back through inbound capture.
    out.push(`-A ISTIO_OUTPUT ! -d ${f.loopback} -o lo -p tcp -m tcp ! --dport ${TUNNEL_PORT} -m owner ${flag} ${id} -j ISTIO_IN_REDIRECT`);
    // App-to-app over loopback is left alone unless the user asked to capture loopback ranges.
    if (!loopbackIncluded) out.push(`-A ISTIO_OUTPUT -o lo -m owner ! ${flag} ${id} -j RETURN`);
    // The proxy's own egress is never captured (that would loop).
    out.push(`-A ISTIO_OUTPUT -m owner ${flag} ${id} -j RETURN`);
  }
  out.push(`-A ISTIO_OUTPUT -d ${f.loopback} -j RETURN`);
  for (const cidr of exclude) out.push(`-A ISTIO_OUTPUT -d ${cidr} -j RETURN`);
  for (const port of p.includeOutboundPorts) out.push(`-A ISTIO_OUTPUT -p tcp -m tcp --dport ${port} -j ISTIO_REDIRECT`);
  if (include === '*') out.push('-A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  else for (const cidr of include) out.push(`-A ISTIO_OUTPUT -d ${cidr} -j ISTIO_REDIRECT`);
  return out;
}

/** The iptables-restore input that creates the chains in a namespace that has none of them (`-N` fails otherwise). */
export function renderFreshRestore(set: RuleSet): string {
  return ['*nat', ...set.chains.map((c) => `-N ${c}`), ...set.rules, 'COMMIT', ''].join('\n');
}
