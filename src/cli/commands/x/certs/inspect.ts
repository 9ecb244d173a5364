import {
  describeCertificate,
  formatSecretTable,
  parseCertificate,
  parseSecretDump,
  readCertificates,
  secretRows,
  type CertDescription,
} from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError } from '../../../../command/index.js';
import { parseAt, readInput } from './_files.js';

const LABELS: [keyof CertDescription, string][] = [
  ['subject', 'Subject'],
  ['issuer', 'Issuer'],
  ['spiffeId', 'SPIFFE ID'],
  ['sans', 'SANs'],
  ['serial', 'Serial'],
  ['notBefore', 'Not before'],
  ['notAfter', 'Not after'],
  ['validAt', 'Valid now'],
  ['keyType', 'Key'],
  ['basicConstraints', 'Basic constraints'],
  ['keyUsage', 'Key usage'],
  ['extKeyUsage', 'Extended key usage'],
  ['subjectKeyId', 'Subject key ID'],
  ['authorityKeyId', 'Authority key ID'],
  ['selfSigned', 'Self-signed'],
  ['sha256', 'SHA-256'],
];

/** Text form of one certificate's description. */
export function formatDescription(d: CertDescription, index: number, total: number): string {
  const lines = [`Certificate ${index + 1} of ${total}`];
  for (const [k, label] of LABELS) {
    const v = d[k];
    if (v === undefined) continue;
    const text = Array.isArray(v) ? v.join(', ') || '(none)' : v === '' ? '(empty)' : String(v);
    lines.push(`  ${(label + ':').padEnd(20)}${text}`);
  }
  return lines.join('\n') + '\n';
}

export default defineCommand({
  summary: "Show certificate fields, or istioctl's secret table for a config dump",
  usage: 'FILE|- [--at TIME] [-o table|json|yaml]',
  description:
    'For a PEM/DER file: subject, issuer, SANs (SPIFFE URIs included), validity, key type and size, SKI/AKI, serial and SHA-256 fingerprint of every certificate. For an Envoy /config_dump or `istioctl proxy-config secret -o json` file: the table istioctl prints.',
  examples: ['tctl x certs inspect chain.pem', 'istioctl proxy-config secret web-0 -o json | tctl x certs inspect -'],
  options: {
    at: { type: 'string', value: 'TIME', description: 'judge validity at this time instead of now' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run({ io, options, positionals }) {
    const format = parseOutputFormat(options.output);
    if (positionals.length !== 1) throw new UsageError('expected one FILE (or - for standard input)');
    const file = positionals[0];
    const data = await readInput(file, io, 'FILE');
    const at = parseAt(options.at);
    if (data.toString('utf8', 0, 256).trimStart().startsWith('{')) {
      const dump = parseSecretDump(data.toString('utf8'), file);
      if (format === 'table') io.stdout.write(formatSecretTable(dump, at));
      else io.stdout.write(format === 'json' ? formatJson(secretRows(dump, at)) : formatYaml(secretRows(dump, at)));
      return 0;
    }
    const { ders, glued } = readCertificates(data, file);
    for (const i of glued)
      io.stderr.write(
        `Warning: ${file}: certificate ${i + 1} starts on the same line as the previous "-----END CERTIFICATE-----"; OpenSSL and Envoy reject such a file — put a newline between the blocks\n`,
      );
    const described = ders.map((d, i) => describeCertificate(parseCertificate(d, `${file} certificate ${i + 1}`), at));
    if (format === 'json') io.stdout.write(formatJson(described));
    else if (format === 'yaml') io.stdout.write(formatYaml(described));
    else io.stdout.write(described.map((d, i) => formatDescription(d, i, described.length)).join('\n'));
    return 0;
  },
});
