import { MeshError, PkiErrors } from '../../../../api/index.js';
import {
  displayName,
  formatVerifiers,
  parseSecretDump,
  parseVerifyFlags,
  rootsPem,
  verifiersReport,
  verifyWith,
  workloadSecrets,
  OPENSSL_REASONS,
  type Purpose,
  type VerifyPemResult,
} from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError } from '../../../../command/index.js';
import { parseAt, readInput } from './_files.js';

/** Machine-readable result (-o json|yaml). */
export function verifyReport(r: VerifyPemResult): Record<string, unknown> {
  return {
    ok: r.ok,
    anchors: r.anchorSource,
    path: r.chain.map((c, depth) => ({
      depth,
      subject: c.subject,
      ...(c.spiffeId ? { spiffeId: c.spiffeId } : {}),
      issuer: c.issuer,
      sha256: c.fingerprint256,
      notAfter: c.notAfter.toISOString(),
    })),
    problems: r.problems.map((p) => ({ depth: p.depth, name: p.name, error: p.error, reason: OPENSSL_REASONS[p.error] ?? '', cause: p.cause, fix: p.fix })),
    warnings: r.warnings,
  };
}

/** The human report: the path, then each problem with depth, name, cause and fix. */
export function formatVerify(r: VerifyPemResult, chainFile: string): string {
  const lines: string[] = [];
  const trusted = new Set(r.trusted.map((c) => c.fingerprint256));
  const path = r.chain.map((c, d) => `  [${d}] ${displayName(c)}${d === r.chain.length - 1 && trusted.has(c.fingerprint256) ? ' (trusted)' : ''}`);
  lines.push(
    `Path built from ${chainFile} (${r.anchorSource === 'chain' ? "anchor: the chain's own self-signed root" : `${r.trusted.length} trusted root(s)`}):`,
    ...path,
  );
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

/** CHAIN/--roots may be PEM/DER or a config dump (istioctl -o json or Envoy /config_dump). */
function fromDump(data: Buffer, file: string, want: 'chain' | 'roots'): { pem: Buffer | string; dumpRoots?: string } {
  if (!data.toString('utf8', 0, 256).trimStart().startsWith('{')) return { pem: data };
  const { chain, roots } = workloadSecrets(parseSecretDump(data.toString('utf8'), file));
  const rootText = roots ? rootsPem(roots) : undefined;
  if (want === 'roots') {
    if (!rootText) throw new MeshError(PkiErrors.SecretNotFound, `${file}: cannot find ROOTCA from secret`, { field: '--roots' });
    return { pem: rootText };
  }
  if (!chain?.certificateChain)
    throw new MeshError(PkiErrors.SecretNotFound, `${file}: no workload certificate chain (secret "default") in the dump`, { field: 'CHAIN' });
  return { pem: chain.certificateChain, dumpRoots: rootText };
}

export default defineCommand({
  summary: 'Verify a certificate chain and explain every problem (OpenSSL-compatible)',
  usage:
    'CHAIN.pem|DUMP.json [--roots ROOTS.pem|DUMP.json] [--verifier openssl|strict|all|webpki|go|chrome|pyca] [--hostname NAME] [--ip ADDR] [--san URI] [--max-depth N] [--partial-chain] [--at TIME] [--purpose server|client] [-o table|json|yaml]',
  description:
    "The first certificate of CHAIN.pem is the leaf, the rest the chain. Without --roots the last self-signed certificate of the chain is the trust anchor. CHAIN and --roots may also be secret dumps (istioctl proxy-config secret -o json, Envoy /config_dump): the workload chain and the ROOTCA bundle are taken from them, so `verify web.json --roots pay.json` checks what pay's proxy checks when web connects. Each problem is reported with its depth (0 = leaf), the certificate's subject (or SPIFFE ID), OpenSSL's error number, the cause in plain words and the fix. --verifier strict applies RFC 5280 as strict verifiers do (rustls-webpki in ztunnel, Go crypto/x509 in istiod, Chrome), every rule named with the verifiers that enforce it; --verifier all prints one row per verifier. Without --partial-chain the openssl verifier needs a self-signed anchor (openssl verify's default); strict verifiers always treat every --roots certificate as an anchor. Exit code 0 only when the chain verifies for every verifier asked.",
  examples: [
    'tctl x certs verify chain.pem --roots root-cert.pem',
    'tctl x certs verify chain.pem --roots roots.pem --purpose server --at 2026-01-01T00:00:00Z -o json',
    'tctl x certs verify chain.pem --roots root-cert.pem --verifier all --san spiffe://cluster.local/ns/shop/sa/web',
    'tctl x certs verify chain.pem --roots ca-cert.pem --partial-chain --hostname reviews.bookinfo.svc --max-depth 1',
    'istioctl proxy-config secret web-0 -o json > web.json; istioctl proxy-config secret pay-0 -o json > pay.json; tctl x certs verify web.json --roots pay.json --purpose client',
  ],
  options: {
    roots: { type: 'string', value: 'FILE', description: 'trusted roots (PEM bundle), e.g. root-cert.pem or the ROOTCA from `tctl x certs extract`' },
    at: { type: 'string', value: 'TIME', description: 'check validity at this time (RFC 3339 or epoch seconds) instead of now' },
    purpose: { type: 'string', value: 'server|client', description: 'also check the chain may be used for TLS server or client authentication' },
    verifier: {
      type: 'string',
      value: 'NAME',
      description:
        'openssl (default: what Envoy decides), strict (every RFC 5280 rule), all (one row per verifier), or one profile: webpki (ztunnel), go (istiod), chrome, pyca',
    },
    hostname: { type: 'string', value: 'NAME', description: 'the leaf must be valid for this host name (RFC 6125 wildcards; openssl: X509_check_host)' },
    ip: { type: 'string', value: 'ADDR', description: 'the leaf must carry this IP SAN (exact)' },
    san: { type: 'string', value: 'URI', description: "the leaf must carry this URI SAN (SPIFFE ID), as Envoy's match_typed_subject_alt_names" },
    'max-depth': { type: 'string', value: 'N', description: 'at most N intermediates, as openssl verify -verify_depth' },
    'partial-chain': { type: 'boolean', description: 'a trusted certificate that is not self-signed may end the path (openssl -partial_chain)' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run({ io, options, positionals }) {
    const format = parseOutputFormat(options.output);
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one CHAIN file, got ${positionals.length}` : 'missing CHAIN.pem');
    const purpose = options.purpose;
    if (purpose !== undefined && purpose !== 'server' && purpose !== 'client') throw new UsageError(`--purpose "${purpose}": use server or client`);
    const chainFile = positionals[0];
    const rootsFile = options.roots;
    const chainInput = fromDump(await readInput(chainFile, io, 'CHAIN'), chainFile, 'chain');
    const rootsInput = rootsFile === undefined ? undefined : fromDump(await readInput(rootsFile, io, '--roots'), rootsFile, 'roots');
    const chain = chainInput.pem;
    // A dump given as CHAIN without --roots brings its own ROOTCA, as the proxy itself would use it.
    const roots = rootsInput?.pem ?? (chainInput.dumpRoots !== undefined ? chainInput.dumpRoots : undefined);
    const flags = parseVerifyFlags({
      verifier: options.verifier,
      hostname: options.hostname,
      ip: options.ip,
      san: options.san,
      maxDepth: options['max-depth'],
      partialChain: options['partial-chain'],
    });
    const r = verifyWith({
      chain,
      chainSource: chainFile,
      roots,
      rootsSource: rootsFile,
      at: parseAt(options.at),
      purpose: purpose as Purpose | undefined,
      ...flags,
    });
    // The default (one openssl row, no name checks) keeps the report it always printed.
    const classic = flags.verifier === 'openssl' && flags.san === undefined;
    if (format === 'json') io.stdout.write(formatJson(classic ? verifyReport(r.openssl) : verifiersReport(r)));
    else if (format === 'yaml') io.stdout.write(formatYaml(classic ? verifyReport(r.openssl) : verifiersReport(r)));
    else io.stdout.write(classic ? formatVerify(r.openssl, chainFile) : formatVerifiers(r, chainFile));
    return r.ok ? 0 : 1;
  },
});
