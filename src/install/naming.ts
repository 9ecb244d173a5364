import { MeshError, InstallErrors } from '../api/index.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// FNV-1a: a short, stable suffix for truncated names without pulling in node:crypto.
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The one naming helper: joins parts into a valid DNS-1123 label (≤ 63 chars, hash-suffixed when cut). */
export function dnsName(...parts: readonly string[]): string {
  const joined = parts
    .filter((p) => p.length > 0)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (joined.length <= 63) return joined || 'x';
  const hash = fnv1a(joined);
  return `${joined.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/** Throws MB6011 naming `field` when `name` is not a DNS-1123 label. */
export function assertDnsLabel(name: string, field: string): void {
  if (name.length > 63 || !LABEL.test(name)) {
    throw new MeshError(InstallErrors.InstallNameInvalid, `${field}: "${name}" is not a valid DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)`, { field });
  }
}
