// DNS-safe naming and the short stable hash behind it, shared by translate/ and install/ (which may
// not import each other) so both cut long names the same way.

/** FNV-1a 32-bit hash as 8 hex digits: stable across runs and platforms, no I/O. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A valid DNS-1123 name built from parts: lowercased, invalid runs turned into '-', empty parts
 * dropped, and when longer than `max` cut and suffixed with a hash of the full text so distinct
 * inputs stay distinct. `max` is 63 for a label, 253 for an object name.
 */
export function dnsName(parts: readonly string[], max = 63): string {
  const full = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = full.length > 0 ? full : 'x';
  if (base.length <= max) return base;
  return `${base.slice(0, max - 9).replace(/-+$/, '')}-${fnv1a(base)}`;
}
