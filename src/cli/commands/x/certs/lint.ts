import { formatLint, lintCertificates, parseCertificate, parseDuration, readCertificates } from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError } from '../../../../command/index.js';
import { parseAt, readInput } from './_files.js';

export default defineCommand({
  summary: 'Find what is legal but fragile in certificates and trust bundles, with the verifiers it would break',
  usage: 'FILE... [--at TIME] [--expiry-warning 720h] [-o table|json|yaml]',
  description:
    'Checks every certificate of every FILE (PEM bundles or DER): expired or near expiry, short RSA keys, SHA-1 signatures, missing SKI/AKI, an intermediate CA without pathLen, duplicate extensions, keyCertSign in a leaf, nameConstraints not critical or on directory names, Server Gated Crypto EKUs, malformed SANs; and each file as a trust bundle: two roots with the same name and different keys. Each finding names the verifiers it breaks (openssl/Envoy, webpki/ztunnel, Go/istiod, Chrome, pyca). Exit code 1 when anything was found.',
  examples: ['tctl x certs lint root-cert.pem cert-chain.pem', 'tctl x certs lint cacerts/*.pem --expiry-warning 2160h -o json'],
  options: {
    at: { type: 'string', value: 'TIME', description: 'lint as of this time (RFC 3339 or epoch seconds) instead of now' },
    'expiry-warning': { type: 'string', value: 'DURATION', default: '720h', description: 'report certificates expiring within this time' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run({ io, options, positionals }) {
    const format = parseOutputFormat(options.output);
    if (positionals.length === 0) throw new UsageError('missing FILE: give one or more PEM/DER files');
    const warn = parseDuration(options['expiry-warning'], '--expiry-warning', 30 * 864e5);
    const at = parseAt(options.at);
    const inputs = [];
    for (const file of positionals) {
      const ders = readCertificates(await readInput(file, io, 'FILE'), file).ders;
      inputs.push({ source: file, certs: ders.map((d, i) => parseCertificate(d, `${file} certificate ${i + 1}`)) });
    }
    const findings = lintCertificates(inputs, at, warn);
    const count = inputs.reduce((n, x) => n + x.certs.length, 0);
    if (format === 'json') io.stdout.write(formatJson({ files: inputs.length, certificates: count, findings }));
    else if (format === 'yaml') io.stdout.write(formatYaml({ files: inputs.length, certificates: count, findings }));
    else io.stdout.write(formatLint(findings, inputs.length, count));
    return findings.length ? 1 : 0;
  },
});
