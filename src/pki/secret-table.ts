// istioctl proxy-config secret's summary table, byte for byte: same columns, same Go tabwriter
// layout (padding 5), same quirks (type and validity from the first certificate only, active rows
// never shown as UNINITIALIZED, one row per SPIFFE trust domain).
import { readCertificates } from './pem.js';
import { parseCertificate } from './certificate.js';
import type { DumpSecret, SecretDump } from './config-dump.js';

/** One row of the table, also used for -o json. */
export interface SecretRow {
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly valid: boolean;
  readonly serial: string;
  readonly notAfter: string;
  readonly notBefore: string;
  readonly trustDomain?: string;
}

/** Rows in istioctl's order (warming first, then active). */
export function secretRows(dump: SecretDump, now: Date): SecretRow[] {
  const spiffe = dump.secrets.some((s) => s.trustDomains !== undefined);
  const rows: SecretRow[] = [];
  for (const s of dump.secrets.filter((x) => x.state !== 'STATIC')) {
    if (spiffe && s.trustDomains) {
      for (const td of s.trustDomains) rows.push({ name: s.name, status: s.state, ...meta(td.bundle, now), trustDomain: td.name });
      continue;
    }
    const data = s.certificateChain || s.trustedCa || '';
    const m = meta(data, now);
    rows.push({ name: s.name, status: s.state, ...m, ...(spiffe ? { trustDomain: trustDomainOf(s) } : {}) });
  }
  return rows;
}

function trustDomainOf(s: DumpSecret): string {
  try {
    const c = parseCertificate(readCertificates(s.certificateChain ?? '', s.name).ders[0], s.name);
    return c.spiffeId ? new URL(c.spiffeId).host : '';
  } catch {
    return '';
  }
}

function meta(pem: string, now: Date): Omit<SecretRow, 'name' | 'status'> {
  const empty = { type: '', valid: false, serial: '', notAfter: '', notBefore: '' };
  if (!pem) return empty;
  let c;
  try {
    c = parseCertificate(readCertificates(pem, 'secret').ders[0], 'secret');
  } catch {
    return empty;
  }
  const t = now.getTime();
  return {
    type: c.basicConstraints?.ca ? 'CA' : 'Cert Chain',
    valid: t > c.notBefore.getTime() && t < c.notAfter.getTime(),
    serial: c.serialHex.replace(/^0+(?=.)/, '').padStart(32, '0'),
    notAfter: rfc3339(c.notAfter),
    notBefore: rfc3339(c.notBefore),
  };
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go text/tabwriter with minwidth 0 and padding 5: every cell but a line's last is padded. */
export function goTabwriter(lines: readonly (readonly string[])[], padding = 5): string {
  const cols = Math.max(...lines.map((l) => l.length));
  const widths: number[] = [];
  for (let i = 0; i < cols - 1; i++) widths[i] = Math.max(...lines.map((l) => (i < l.length - 1 ? l[i].length : 0))) + padding;
  return lines.map((l) => l.map((c, i) => (i < l.length - 1 ? c.padEnd(widths[i]) : c)).join('')).join('\n') + '\n';
}

/** The table `istioctl proxy-config secret POD` prints. */
export function formatSecretTable(dump: SecretDump, now: Date): string {
  const rows = secretRows(dump, now);
  if (rows.length === 0) return 'No active or warming secrets found.\n';
  const spiffe = rows.some((r) => r.trustDomain !== undefined);
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE', ...(spiffe ? ['TRUST DOMAIN'] : [])];
  const body = rows.map((r) => [r.name, r.type, r.status, String(r.valid), r.serial, r.notAfter, r.notBefore, ...(spiffe ? [r.trustDomain ?? ''] : [])]);
  return goTabwriter([header, ...body]);
}
