// Name checks of a TLS peer: --hostname (RFC 6125 for strict verifiers, X509_check_host for
// OpenSSL), --ip (IP SANs compared byte for byte) and --san (Envoy's match_typed_subject_alt_names
// with an exact URI matcher, as Istio configures it for SPIFFE IDs).
import type { CertInfo } from './certificate.js';
import { ipBytes } from './name-constraints.js';

/** RFC 6125 6.4: DNS SANs only; `*` only as the whole left-most label, matching exactly one label, and not directly under a top-level label. */
export function hostnameMatchesRfc6125(c: CertInfo, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return c.sans.some((s) => {
    if (s.type !== 'dns') return false;
    const p = s.value.toLowerCase().replace(/\.$/, '');
    if (p === h) return true;
    if (!p.startsWith('*.')) return false;
    const suffix = p.slice(1);
    if (suffix.split('.').length < 3 || suffix.includes('*')) return false;
    const first = h.indexOf('.');
    return first > 0 && h.slice(first) === suffix;
  });
}

/**
 * OpenSSL's X509_check_host with default flags: DNS SANs, else (no DNS SAN) the subject CNs;
 * a wildcard may be partial (f*.example.com) but only in the left-most label, needs two labels
 * after it, and never matches an IDNA (xn--) label.
 */
export function hostnameMatchesOpenssl(c: CertInfo, host: string): boolean {
  const h = host.toLowerCase();
  const dns = c.sans.filter((s) => s.type === 'dns').map((s) => s.value);
  const cns = dns.length
    ? []
    : c.subject
        .split(/,\s*/)
        .filter((p) => p.startsWith('CN='))
        .map((p) => p.slice(3));
  return [...dns, ...cns].some((p) => wildcardMatch(p.toLowerCase(), h));
}

function wildcardMatch(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  const star = pattern.indexOf('*');
  const dot = pattern.indexOf('.');
  if (star < 0 || star > dot || pattern.indexOf('*', star + 1) >= 0) return false;
  const rest = pattern.slice(dot);
  if (rest.split('.').length < 3 || pattern.startsWith('xn--')) return false;
  const hostDot = host.indexOf('.');
  if (hostDot < 0 || host.slice(hostDot) !== rest) return false;
  const label = host.slice(0, hostDot);
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1, dot);
  if (label.startsWith('xn--') && (prefix || suffix)) return false;
  if (!prefix && !suffix && label.length === 0) return false;
  return label.length >= prefix.length + suffix.length && label.startsWith(prefix) && label.endsWith(suffix);
}

/** Parses --ip: IPv4 dotted or IPv6; undefined when it is not an address. */
export function parseIp(ip: string): number[] | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const b = ip.split('.').map(Number);
    return b.every((x) => x <= 255) ? b : undefined;
  }
  if (!/^[0-9a-fA-F:]+$/.test(ip) || !ip.includes(':') || (ip.match(/::/g) ?? []).length > 1) return undefined;
  const b = ipBytes(ip);
  return b.length === 16 && b.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? b : undefined;
}

/** IP SANs compared byte for byte (no wildcards, no CN fallback). */
export function ipMatches(c: CertInfo, ip: readonly number[]): boolean {
  return c.sans.some((s) => s.type === 'ip' && !s.value.startsWith('#') && sameBytes(ipBytes(s.value), ip));
}

function sameBytes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The URI SANs of the leaf, and whether `expected` is one of them (exact, case-sensitive). */
export function sanMatches(c: CertInfo, expected: string): { ok: boolean; present: string[] } {
  const present = c.sans.filter((s) => s.type === 'uri').map((s) => s.value);
  return { ok: present.includes(expected), present };
}
