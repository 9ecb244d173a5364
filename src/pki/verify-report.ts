// What `tctl x certs verify` needs beyond the verifiers themselves, kept out of the command file:
// parsing --verifier/--hostname/--ip/--san/--max-depth into typed options (errors name the flag and
// the fix), and the table / JSON report of one or more verifier rows.
import { MeshError, PkiVerifierErrors } from '../api/index.js';
import { displayName } from './certificate.js';
import { parseIp } from './names.js';
import { VERIFIER_CHOICES, type MultiVerifyResult, type VerifierChoice, type VerdictRow } from './verifiers.js';

/** Raw flag values as the command line gave them. */
export interface RawVerifyFlags {
  readonly verifier?: string;
  readonly hostname?: string;
  readonly ip?: string;
  readonly san?: string;
  readonly maxDepth?: string;
  readonly partialChain?: boolean;
}

/** Typed, validated flags. */
export interface VerifyFlags {
  readonly verifier: VerifierChoice;
  readonly hostname?: string;
  readonly ip?: readonly number[];
  readonly san?: string;
  readonly maxDepth?: number;
  readonly partialChain: boolean;
}

/** Validates the flags; every error names its flag and the fix. */
export function parseVerifyFlags(f: RawVerifyFlags): VerifyFlags {
  const verifier = (f.verifier ?? 'openssl') as VerifierChoice;
  if (!VERIFIER_CHOICES.includes(verifier))
    throw new MeshError(PkiVerifierErrors.VerifierUnknown, `--verifier "${f.verifier}" is not one of ${VERIFIER_CHOICES.join(', ')}`, { field: '--verifier' });
  let ip: number[] | undefined;
  if (f.ip !== undefined) {
    ip = parseIp(f.ip);
    if (!ip) throw new MeshError(PkiVerifierErrors.IpAddressInvalid, `--ip "${f.ip}" is not an IPv4 or IPv6 address`, { field: '--ip' });
  }
  if (f.hostname !== undefined && !/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(f.hostname)) {
    throw new MeshError(
      PkiVerifierErrors.HostnameInvalid,
      `--hostname "${f.hostname}" is not a DNS name${parseIp(f.hostname) ? ' (it is an address: use --ip)' : ''}`,
      { field: '--hostname' },
    );
  }
  if (f.san !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(f.san))
    throw new MeshError(PkiVerifierErrors.SpiffeIdInvalid, `--san "${f.san}" is not a URI`, { field: '--san' });
  let maxDepth: number | undefined;
  if (f.maxDepth !== undefined) {
    maxDepth = /^\d+$/.test(f.maxDepth) ? Number(f.maxDepth) : NaN;
    if (!(maxDepth >= 0 && maxDepth <= 100))
      throw new MeshError(PkiVerifierErrors.MaxDepthInvalid, `--max-depth "${f.maxDepth}" is not a number of intermediates from 0 to 100`, {
        field: '--max-depth',
      });
  }
  return { verifier, hostname: f.hostname, ip, san: f.san, maxDepth, partialChain: f.partialChain === true };
}

/** Machine-readable report: the verdict of every row, each finding in the usual shape. */
export function verifiersReport(r: MultiVerifyResult): Record<string, unknown> {
  const o = r.openssl;
  const openssl = r.rows.find((x) => x.verifier === 'openssl');
  return {
    ok: r.ok,
    anchors: o.anchorSource,
    path: (openssl ?? r.rows[0]).chain.map((c, depth) => ({
      depth,
      subject: c.subject,
      ...(c.spiffeId ? { spiffeId: c.spiffeId } : {}),
      issuer: c.issuer,
      sha256: c.fingerprint256,
      notAfter: c.notAfter.toISOString(),
    })),
    ...(openssl ? { problems: openssl.findings } : {}),
    verifiers: r.rows.map((row) => ({
      verifier: row.verifier,
      standsFor: row.label,
      ok: row.ok,
      path: row.chain.map((c) => c.fingerprint256),
      problems: row.findings,
    })),
    warnings: r.warnings,
  };
}

/** Table of verdicts, then each failing row's findings (depth, name, error, cause, fix). */
export function formatVerifiers(r: MultiVerifyResult, chainFile: string): string {
  const o = r.openssl;
  const lines: string[] = [];
  const trusted = new Set(o.trusted.map((c) => c.fingerprint256));
  const first = r.rows[0];
  lines.push(
    `Path built from ${chainFile} (${o.anchorSource === 'chain' ? "anchor: the chain's own self-signed root" : `${o.trusted.length} trusted root(s)`}):`,
  );
  lines.push(...first.chain.map((c, d) => `  [${d}] ${displayName(c)}${d === first.chain.length - 1 && trusted.has(c.fingerprint256) ? ' (trusted)' : ''}`));
  const width = Math.max(8, ...r.rows.map((x) => x.verifier.length));
  lines.push('', `${'VERIFIER'.padEnd(width)}  VERDICT  PROBLEMS  STANDS FOR`);
  for (const row of r.rows)
    lines.push(`${row.verifier.padEnd(width)}  ${(row.ok ? 'OK' : 'FAILED').padEnd(7)}  ${String(row.findings.length).padEnd(8)}  ${row.label}`);
  if (r.rows.length === 1) for (const row of r.rows.filter((x) => !x.ok)) lines.push('', ...rowFindings(row));
  else lines.push(...groupedFindings(r.rows));
  if (r.warnings.length) lines.push('', 'Warnings:', ...r.warnings.map((w) => `  - ${w}`));
  return lines.join('\n') + '\n';
}

/** With several rows, each distinct finding once, with the verifiers that report it. */
function groupedFindings(rows: readonly VerdictRow[]): string[] {
  const groups = new Map<string, { f: VerdictRow['findings'][number]; by: string[] }>();
  for (const row of rows) {
    for (const f of row.findings) {
      const key = `${f.depth}\u0000${f.error}\u0000${f.cause}`;
      const g = groups.get(key) ?? { f, by: [] };
      g.by.push(row.verifier);
      groups.set(key, g);
    }
  }
  if (groups.size === 0) return [];
  const out = ['', `Problems (${groups.size}):`];
  for (const { f, by } of groups.values()) {
    const where = f.rfc ? ` (${f.rfc})` : '';
    out.push(
      '',
      `depth ${f.depth}  ${f.name}`,
      `  error ${f.error}: ${f.reason}${where}`,
      `  rejected by: ${by.join(', ')}`,
      `  cause: ${f.cause}`,
      `  fix:   ${f.fix}`,
    );
  }
  return out;
}

function rowFindings(row: VerdictRow): string[] {
  const out = [`${row.verifier}: FAILED: ${row.findings.length} problem${row.findings.length === 1 ? '' : 's'}`];
  for (const f of row.findings) {
    const where = f.rfc ? ` (${f.rfc}; enforced by ${f.enforcedBy})` : '';
    out.push('', `depth ${f.depth}  ${f.name}`, `  error ${f.error}: ${f.reason}${where}`, `  cause: ${f.cause}`, `  fix:   ${f.fix}`);
  }
  return out;
}
