import { join, resolve } from 'node:path';
import { createRootCa, describeCertificate, parseCertificate, readCertificates } from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { writeAll } from '../certs/_files.js';
import { CA_OPTIONS, days, keyMode, keyType, progress } from './_options.js';

export default defineCommand({
  summary: 'Create a mesh root CA (root-cert.pem, root-key.pem)',
  usage: '[--out-dir DIR] [--key-type rsa|ec] [--days 3650] [--ca-org Istio] [--force]',
  description:
    "Creates the self-signed mesh root with the extensions of Istio's tools/certs recipe (basicConstraints critical CA:TRUE, keyUsage critical digitalSignature,nonRepudiation,keyEncipherment,keyCertSign). Issue one intermediate per cluster from it with `tctl x ca create-intermediate`.",
  examples: ['tctl x ca create-root --out-dir ./mesh-ca', 'tctl x ca create-root --key-type ec --days 1825'],
  options: {
    ...CA_OPTIONS,
    'ca-org': { type: 'string', value: 'ORG', default: 'Istio', description: "organisation (O=) of the root; --org is tctl's TSB organization" },
    'common-name': { type: 'string', value: 'CN', default: 'Root CA', description: 'common name (CN=) of the root' },
  },
  async run({ io, options, positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dir = resolve(io.cwd, options['out-dir'] ?? '.');
    const type = keyType(options['key-type']);
    progress(io, `Generating ${type === 'rsa' ? 'RSA 4096' : 'EC P-256'} root key…`);
    const root = await createRootCa({
      now: new Date(),
      keyType: type,
      days: days(options.days, 3650),
      org: options['ca-org'],
      commonName: options['common-name'],
    });
    await writeAll(
      new Map([
        [join(dir, 'root-cert.pem'), root.certPem],
        [join(dir, 'root-key.pem'), root.keyPem],
      ]),
      { force: options.force === true, mode: keyMode },
    );
    const d = describeCertificate(parseCertificate(readCertificates(root.certPem, 'root-cert.pem').ders[0], 'root-cert.pem'), new Date());
    io.stdout.write(
      `Created root ${d.subject} (${d.keyType}, valid until ${d.notAfter})\n  ${join(dir, 'root-cert.pem')}\n  ${join(dir, 'root-key.pem')} (keep offline; mode 0600)\nNext: tctl x ca create-intermediate --cluster NAME --root-cert ${join(dir, 'root-cert.pem')} --root-key ${join(dir, 'root-key.pem')}\n`,
    );
    return 0;
  },
});
