import { canonicalRdns, children, concat, readTlv, tlv, DerError } from './der.js';
import type { San } from './certificate.js';

/** One permitted or excluded subtree; only DNS, URI, email and IP bases are evaluated. */
export interface Subtree {
  readonly type: 'dns' | 'uri' | 'email' | 'ip' | 'dirname' | 'other';
  readonly value: string;
  /** For IP subtrees: address and mask bytes. */
  readonly ip?: { readonly addr: Uint8Array; readonly mask: Uint8Array };
}

/** The nameConstraints extension (RFC 5280 4.2.1.10). */
export interface NameConstraints {
  readonly permitted: readonly Subtree[];
  readonly excluded: readonly Subtree[];
}

/** Decodes the extension value. */
export function parseNameConstraints(value: Uint8Array): NameConstraints {
  const seq = readTlv(value, 0);
  if (seq.tag !== 0x30) throw new DerError('nameConstraints is not a SEQUENCE');
  const permitted: Subtree[] = [];
  const excluded: Subtree[] = [];
  for (const part of children(value, seq)) {
    const target = part.tag === 0xa0 ? permitted : part.tag === 0xa1 ? excluded : undefined;
    if (!target) throw new DerError(`unexpected tag 0x${part.tag.toString(16)} in nameConstraints`);
    for (const st of children(value, part)) {
      const base = children(value, st)[0];
      if (!base) throw new DerError('empty GeneralSubtree');
      target.push(subtree(base.tag, value.subarray(base.start, base.end)));
    }
  }
  return { permitted, excluded };
}

function subtree(tag: number, content: Uint8Array): Subtree {
  const text = Buffer.from(content).toString('latin1');
  if (tag === 0x82) return { type: 'dns', value: text };
  if (tag === 0x86) return { type: 'uri', value: text };
  if (tag === 0x81) return { type: 'email', value: text };
  if (tag === 0x87) {
    const half = content.length / 2;
    return { type: 'ip', value: Buffer.from(content).toString('hex'), ip: { addr: content.subarray(0, half), mask: content.subarray(half) } };
  }
  if (tag === 0xa4) return { type: 'dirname', value: Buffer.from(content).toString('hex') };
  return { type: 'other', value: Buffer.from(content).toString('hex') };
}

/** Encodes a nameConstraints extension value: DNS/URI/email bases as text, IP as address+mask, dirname as the Name's DER in hex. */
export function encodeNameConstraints(nc: { permitted?: readonly Subtree[]; excluded?: readonly Subtree[] }): Uint8Array {
  const base = (s: Subtree): Uint8Array => {
    if (s.type === 'ip' && s.ip) return tlv(0x87, concat([s.ip.addr, s.ip.mask]));
    if (s.type === 'dirname') return tlv(0xa4, new Uint8Array(Buffer.from(s.value, 'hex')));
    return tlv(s.type === 'uri' ? 0x86 : s.type === 'email' ? 0x81 : 0x82, new Uint8Array(Buffer.from(s.value, 'latin1')));
  };
  const enc = (list: readonly Subtree[]) => concat(list.map((s) => tlv(0x30, base(s))));
  const parts: Uint8Array[] = [];
  if (nc.permitted?.length) parts.push(tlv(0xa0, enc(nc.permitted)));
  if (nc.excluded?.length) parts.push(tlv(0xa1, enc(nc.excluded)));
  return tlv(0x30, concat(parts));
}

/**
 * Result of checking a certificate's names against one CA's constraints, with OpenSSL's error:
 * 47 permitted violation, 48 excluded violation, 53 a name that is not valid syntax for its
 * constraint type, 1 the work limit (names × constraints > 2^20).
 */
export type NcResult =
  | { ok: true }
  | {
      ok: false;
      kind: 'permitted' | 'excluded' | 'syntax' | 'limit';
      error: number;
      name: San | { type: 'dirname' | 'email'; value: string };
      subtree?: Subtree;
    };

/** The names NAME_CONSTRAINTS_check looks at. */
export interface ConstrainedNames {
  readonly subject: string;
  readonly subjectRdns: readonly string[];
  readonly subjectEntryCount: number;
  readonly subjectEmails: readonly string[];
  readonly sans: readonly San[];
}

/** OpenSSL's NAME_CHECK_MAX. */
export const NAME_CHECK_MAX = 1 << 20;

type Name = San | { type: 'dirname'; value: string; rdns: readonly string[] };
const KIND: Record<number, 'permitted' | 'excluded' | 'syntax'> = { 47: 'permitted', 48: 'excluded', 53: 'syntax' };

/** OpenSSL's NAME_CONSTRAINTS_check: work limit, subject DN, subject emails, then each SAN. */
export function checkConstrainedNames(x: ConstrainedNames, nc: NameConstraints): NcResult {
  const names = x.subjectEntryCount + x.sans.length;
  const constraints = nc.permitted.length + nc.excluded.length;
  if (names > 0 && constraints > Math.floor(NAME_CHECK_MAX / names)) {
    return { ok: false, kind: 'limit', error: 1, name: { type: 'dirname', value: `${names} names × ${constraints} constraints` } };
  }
  const list: Name[] = [];
  if (x.subjectEntryCount > 0) list.push({ type: 'dirname', value: x.subject, rdns: x.subjectRdns });
  for (const e of x.subjectEmails) list.push({ type: 'email', value: e });
  list.push(...x.sans);
  for (const n of list) {
    const r = checkOne(n, nc);
    if (r !== 0) return { ok: false, kind: KIND[r] ?? 'syntax', error: r, name: n.type === 'dirname' ? { type: 'dirname', value: n.value } : n };
  }
  return { ok: true };
}

/** Checks SANs only (DNS/URI/email/IP), as the CN fallback and older callers need. */
export function checkNames(names: readonly San[], nc: NameConstraints): NcResult {
  for (const name of names) {
    const r = checkOne(name, nc);
    if (r !== 0) return { ok: false, kind: KIND[r] ?? 'syntax', error: r, name };
  }
  return { ok: true };
}

/** OpenSSL's nc_match: 0 or the X509_V_ERR code. */
function checkOne(name: Name, nc: NameConstraints): number {
  let match = 0;
  for (const s of nc.permitted) {
    if (s.type !== name.type) continue;
    if (match === 2) continue;
    if (match === 0) match = 1;
    const r = matches(name, s);
    if (r === 0) match = 2;
    else if (r !== 47) return r;
  }
  if (match === 1) return 47;
  for (const s of nc.excluded) {
    if (s.type !== name.type) continue;
    const r = matches(name, s);
    if (r === 0) return 48;
    if (r !== 47) return r;
  }
  return 0;
}

/** nc_match_single: 0 match, 47 no match, 53 bad syntax. */
function matches(name: Name, s: Subtree): number {
  if (name.type === 'dirname') return 'rdns' in name && dnPrefix(name.rdns, s) ? 0 : 47;
  if (name.type === 'dns') return dnsMatch(name.value, s.value) ? 0 : 47;
  if (name.type === 'uri') return uriMatch(name.value, s.value);
  if (name.type === 'email') return emailMatch(name.value, s.value);
  if (name.type === 'ip') return s.ip ? ipMatch(name.value, s.ip) : 53;
  return 51;
}

const dirRdns = new WeakMap<Subtree, readonly string[]>();

/** nc_dn: the constraint's canonical RDNs are a prefix of the subject's. */
function dnPrefix(rdns: readonly string[], s: Subtree): boolean {
  let base = dirRdns.get(s);
  if (!base) {
    try {
      base = canonicalRdns(new Uint8Array(Buffer.from(s.value, 'hex')));
    } catch {
      base = ['\u0000invalid'];
    }
    dirRdns.set(s, base);
  }
  if (base.length > rdns.length) return false;
  return base.every((r, i) => r === rdns[i]);
}

function dnsMatch(dns: string, base: string): boolean {
  if (base.length === 0) return true;
  if (dns.length < base.length) return false;
  const tail = dns.slice(dns.length - base.length);
  if (dns.length > base.length && base[0] !== '.' && dns[dns.length - base.length - 1] !== '.') return false;
  return tail.toLowerCase() === base.toLowerCase();
}

/** Host part of a URI as OpenSSL's nc_uri extracts it; undefined when it has none. */
export function uriHost(uri: string): string | undefined {
  const colon = uri.indexOf(':');
  if (colon < 0 || uri.slice(colon, colon + 3) !== '://') return undefined;
  const rest = uri.slice(colon + 3);
  let end = rest.indexOf(':');
  if (end < 0) end = rest.indexOf('/');
  const host = end < 0 ? rest : rest.slice(0, end);
  return host.length ? host : undefined;
}

function uriMatch(uri: string, base: string): number {
  const host = uriHost(uri);
  if (host === undefined) return 53;
  if (base.startsWith('.')) return host.length > base.length && host.slice(host.length - base.length).toLowerCase() === base.toLowerCase() ? 0 : 47;
  return host.toLowerCase() === base.toLowerCase() ? 0 : 47;
}

function emailMatch(email: string, base: string): number {
  const at = email.lastIndexOf('@');
  if (at < 0) return 53;
  if (base.includes('@')) return email.toLowerCase() === base.toLowerCase() ? 0 : 47;
  const domain = email.slice(at + 1);
  return (base.startsWith('.') ? dnsMatch(domain, base) : domain.toLowerCase() === base.toLowerCase()) ? 0 : 47;
}

/** nc_ip: a SAN that is not 4 or 16 bytes, or a constraint that is not 8 or 32, is bad syntax. */
function ipMatch(ip: string, sub: { addr: Uint8Array; mask: Uint8Array }): number {
  const bytes = ipBytes(ip);
  if (bytes.length !== 4 && bytes.length !== 16) return 53;
  if (sub.addr.length !== 4 && sub.addr.length !== 16) return 53;
  if (bytes.length !== sub.addr.length) return 47;
  return bytes.every((b, i) => (b & sub.mask[i]) === (sub.addr[i] & sub.mask[i])) ? 0 : 47;
}

/** Bytes of an IP SAN as San.value carries it (dotted, IPv6 groups, or `#hex` when not an address). */
export function ipBytes(ip: string): number[] {
  if (ip.startsWith('#')) return [...Buffer.from(ip.slice(1), 'hex')];
  return ip.includes(':') ? ipv6Bytes(ip) : ip.split('.').map(Number);
}

function ipv6Bytes(ip: string): number[] {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}
