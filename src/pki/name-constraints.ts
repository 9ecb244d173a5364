import { children, concat, readTlv, tlv, DerError } from './der.js';
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

/** Encodes a nameConstraints extension value for the given DNS/URI subtrees. */
export function encodeNameConstraints(nc: { permitted?: readonly Subtree[]; excluded?: readonly Subtree[] }): Uint8Array {
  const enc = (list: readonly Subtree[]) =>
    concat(list.map((s) => tlv(0x30, tlv(s.type === 'uri' ? 0x86 : s.type === 'email' ? 0x81 : 0x82, new Uint8Array(Buffer.from(s.value, 'latin1'))))));
  const parts: Uint8Array[] = [];
  if (nc.permitted?.length) parts.push(tlv(0xa0, enc(nc.permitted)));
  if (nc.excluded?.length) parts.push(tlv(0xa1, enc(nc.excluded)));
  return tlv(0x30, concat(parts));
}

/** Result of checking one name: OpenSSL's X509_V_ERR_PERMITTED_VIOLATION (47) / EXCLUDED_VIOLATION (48). */
export type NcResult = { ok: true } | { ok: false; kind: 'permitted' | 'excluded'; name: San; subtree?: Subtree };

/** Checks a certificate's names against one set of constraints, in OpenSSL's order. */
export function checkNames(names: readonly San[], nc: NameConstraints): NcResult {
  for (const name of names) {
    const r = checkOne(name, nc);
    if (!r.ok) return r;
  }
  return { ok: true };
}

function checkOne(name: San, nc: NameConstraints): NcResult {
  let match = 0;
  for (const s of nc.permitted) {
    if (s.type !== name.type) continue;
    if (match === 2) continue;
    match = 1;
    if (matches(name, s)) match = 2;
  }
  if (match === 1) return { ok: false, kind: 'permitted', name };
  for (const s of nc.excluded) {
    if (s.type === name.type && matches(name, s)) return { ok: false, kind: 'excluded', name, subtree: s };
  }
  return { ok: true };
}

function matches(name: San, s: Subtree): boolean {
  if (name.type === 'dns') return dnsMatch(name.value, s.value);
  if (name.type === 'uri') return uriMatch(name.value, s.value);
  if (name.type === 'email') return emailMatch(name.value, s.value);
  if (name.type === 'ip' && s.ip) return ipMatch(name.value, s.ip);
  return false;
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

function uriMatch(uri: string, base: string): boolean {
  const host = uriHost(uri);
  if (host === undefined) return false;
  if (base.startsWith('.')) return host.length > base.length && host.slice(host.length - base.length).toLowerCase() === base.toLowerCase();
  return host.toLowerCase() === base.toLowerCase();
}

function emailMatch(email: string, base: string): boolean {
  const at = email.lastIndexOf('@');
  if (base.includes('@')) return email.toLowerCase() === base.toLowerCase();
  const domain = email.slice(at + 1);
  return base.startsWith('.') ? dnsMatch(domain, base) : domain.toLowerCase() === base.toLowerCase();
}

function ipMatch(ip: string, sub: { addr: Uint8Array; mask: Uint8Array }): boolean {
  const bytes = ip.includes(':') ? ipv6Bytes(ip) : ip.split('.').map(Number);
  if (bytes.length !== sub.addr.length) return false;
  return bytes.every((b, i) => (b & sub.mask[i]) === (sub.addr[i] & sub.mask[i]));
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
