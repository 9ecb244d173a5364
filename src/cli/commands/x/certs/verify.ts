import { verifyPem, displayName, OPENSSL_REASONS, type Purpose, type VerifyPemResult } from '../../../../pki/index.js';
import { defineCommand } from '../../../framework/command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError } from '../../../framework/output.js';
import { parseAt, readInput } from './_files.js';

/** Machine-readable result (-o json|yaml). */
export function verifyReport(r: VerifyPemResult): Record<string, unknown> {
  return {
    ok: r.ok,
    anchors: r.anchorSource,
    path: r.chain.map((c, depth) => ({ depth, subject: c.subject, ...(c.spiffeId ? { spiffeId: c.spiffeId } : {}), issuer: c.issuer, sha256: c.fingerprint256, notAfter: c.notAfter.toISOString() })),
    problems: r.problems.map((p) => ({ depth: p.depth, name: p.name, error: p.error, reason: OPENSSL_REASONS[p.error] ?? '', cause: p.cause, fix: p.fix })),
    warnings: r.warnings,
  };
}

/** The human report: the path, then each problem with depth, name, cause and fix. */
export function formatVerify(r: VerifyPemResult, chainFile: string): string {
  const lines: string[] = [];
  const trusted = new Set(r.trusted.map((c) => c.fingerprint256));
  const path = r.chain.map((c, d) => `  [${d}] ${displayName(c)}${d === r.chain.length - 1 && trusted.has(c.fingerprint256) ? ' (trusted)' : ''}`);
  lines.push(`Path built from ${chainFile} (${r.anchorSource === 'chain' ? 'anchor: the chain\'s own self-signed root' : `${r.trusted.length} trusted root(s)`}):`, ...path);
  if (r.ok) lines.push('', `OK: ${displayName(r.leaf)} verifies to ${displayName(r.chain[r.chain.length - 1])}`);
  else {
    lines.push('', `FAILED: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
    for (const p of r.problems) {
      lines.push('', `depth ${p.depth}  ${p.name}`, `  error ${p.error}: ${OPENSSL_REASONS[p.error] ?? ''}`, `  cause: ${p.cause}`, `  fix:   ${p.fix}`);
    }
  }
  if (r.warnings.length) lines.push('', 'Warnings:', ...r.warnings.map((w) => `  - ${w}`));
  return lines.join('\n') + '\n';
}

export default defineCommand({
  summary: 'Verify a certificate chain and explain every problem (OpenSSL-compatible)',
  usage: 'CHAIN.pem [--roots ROOTS.pem] [--at TIME] [--purpose server|client] [-o table|json|yaml]',
  description: 'The first certificate of CHAIN.pem is the leaf, the rest the chain. Without --roots the last self-signed certificate of the chain is the trust anchor. Each problem is reported with its depth (0 = leaf), the certificate\'s subject (or SPIFFE ID), OpenSSL\'s error number, the cause in plain words and the fix. Exit code 0 only when the chain verifies.',
  examples: [
    'tctl x certs verify chain.pem --roots root-cert.pem',
    'tctl x certs verify chain.pem --roots roots.pem --purpose server --at 2026-01-01T00:00:00Z -o json',
  ],
  options: {
    roots: { type: 'string', value: 'FILE', description: 'trusted roots (PEM bundle), e.g. root-cert.pem or the ROOTCA from `tctl x certs extract`' },
    at: { type: 'string', value: 'TIME', description: 'check validity at this time (RFC 3339 or epoch seconds) instead of now' },
    purpose: { type: 'string', value: 'server|client', description: 'also check the chain may be used for TLS server or client authentication' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run({ io, options, positionals }) {
    const format = parseOutputFormat(options.output);
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one CHAIN file, got ${positionals.length}` : 'missing CHAIN.pem');
    const purpose = options.purpose as string | undefined;
    if (purpose !== undefined && purpose !== 'server' && purpose !== 'client') throw new UsageError(`--purpose "${purpose}": use server or client`);
    const chainFile = positionals[0];
    const chain = await readInput(chainFile, io, 'CHAIN');
    const rootsFile = options.roots as string | undefined;
    const roots = rootsFile === undefined ? undefined : await readInput(rootsFile, io, '--roots');
    const r = verifyPem({ chain, chainSource: chainFile, roots, rootsSource: rootsFile, at: parseAt(options.at), purpose: purpose as Purpose | undefined });
    if (format === 'json') io.stdout.write(formatJson(verifyReport(r)));
    else if (format === 'yaml') io.stdout.write(formatYaml(verifyReport(r)));
    else io.stdout.write(formatVerify(r, chainFile));
    return r.ok ? 0 : 1;
  },
});
