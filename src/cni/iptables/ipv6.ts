// IPv6 address arithmetic for the rule builder, enough to print CIDRs the way ip6tables-save does.

// Dotted-quad forms (::ffff:10.0.0.1) are refused: nobody writes them in annotations, and inet_ntop
// prints them differently from the plain groups this module compares.
function parseGroups(addr: string): number[] | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(addr) || addr.split('::').length > 2) return undefined;
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const hs = head ? head.split(':') : [];
  const ts = tail ? tail.split(':') : [];
  if (hs.concat(ts).some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  if (tail === undefined ? hs.length !== 8 : hs.length + ts.length > 7) return undefined;
  const zeros = tail === undefined ? [] : Array<string>(8 - hs.length - ts.length).fill('0');
  return [...hs, ...zeros, ...ts].map((g) => parseInt(g, 16));
}

/** RFC 5952 text form (longest run of two or more zero groups compressed, lower case), as inet_ntop prints. */
function formatGroups(g: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** `fd00:0::1/8` → `fd00::/8` (network address, RFC 5952 form); undefined when not an IPv6 CIDR. */
export function canonicalIpv6Cidr(cidr: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return undefined;
  const prefix = Number(m[2]);
  const g = parseGroups(m[1]);
  if (!g || prefix > 128) return undefined;
  const masked = g.map((x, i) => {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    return bits === 0 ? 0 : x & ((0xffff << (16 - bits)) & 0xffff);
  });
  return `${formatGroups(masked)}/${prefix}`;
}

/** True when the (canonical) IPv6 CIDR contains ::1. */
export function isIpv6LoopbackCidr(cidr: string): boolean {
  const [addr, p] = cidr.split('/');
  return canonicalIpv6Cidr(`::1/${p}`) === `${addr}/${p}`;
}
