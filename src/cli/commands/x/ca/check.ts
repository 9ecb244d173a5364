import { join } from 'node:path';
import { checkPluginCaBundle, PLUGIN_CA_FILES } from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { UsageError } from '../../../../command/index.js';
import { parseAt, readInput } from '../certs/_files.js';

export default defineCommand({
  summary: "Run istiod's load-time checks on a cacerts directory",
  usage: 'DIR [--at TIME]',
  description:
    'DIR holds ca-cert.pem, ca-key.pem, cert-chain.pem and root-cert.pem (e.g. `kubectl get secret cacerts -n istio-system -o json | jq -r \'.data | to_entries[] | "\\(.key) \\(.value)"\'` decoded into files). Fails like istiod does: an incomplete bundle, a key that does not match, or a signing certificate that does not verify to the root through the chain.',
  examples: ['tctl x ca check mesh-ca/east'],
  options: { at: { type: 'string', value: 'TIME', description: 'check validity at this time instead of now' } },
  async run({ io, options, positionals }) {
    if (positionals.length !== 1) throw new UsageError('expected one DIR');
    const files: Record<string, string> = {};
    for (const f of PLUGIN_CA_FILES) {
      try {
        files[f] = (await readInput(join(positionals[0], f), io, f)).toString('utf8');
      } catch {
        // A missing file is reported by the bundle check as istiod words it.
      }
    }
    const r = checkPluginCaBundle(files, parseAt(options.at));
    io.stdout.write(
      `OK: ${r.signingCert.subject} verifies to the root through cert-chain.pem (path length ${r.chainLength}); ca-key.pem matches; all four files present\n`,
    );
    return 0;
  },
});
