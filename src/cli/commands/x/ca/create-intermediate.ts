import { join, resolve } from 'node:path';
import { cacertsSecret, checkPluginCaBundle, issueIntermediate, PLUGIN_CA_FILES } from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatYaml, UsageError } from '../../../../command/index.js';
import { readInput, writeAll } from '../certs/_files.js';
import { CA_OPTIONS, days, keyMode, keyType, progress } from './_options.js';

export default defineCommand({
  summary: "Issue a cluster's Istio plug-in CA (cacerts) from the mesh root",
  usage: '--cluster NAME [--root-cert root-cert.pem] [--root-key root-key.pem] [--out-dir DIR] [--key-type rsa|ec] [--days 730] [--force]',
  description:
    "Writes DIR/NAME/{ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem} (Istio's plug-in CA layout: intermediate CA:TRUE pathlen:0, SAN DNS:istiod.istio-system.svc, O=Istio CN=Intermediate CA L=NAME; cert-chain.pem = ca-cert.pem + root-cert.pem) and cacerts.yaml, the Secret istiod reads. The bundle is checked the way istiod checks it before anything is written.",
  examples: [
    'tctl x ca create-intermediate --cluster east --root-cert mesh-ca/root-cert.pem --root-key mesh-ca/root-key.pem --out-dir mesh-ca',
    'kubectl create namespace istio-system; kubectl apply -f mesh-ca/east/cacerts.yaml',
  ],
  options: {
    ...CA_OPTIONS,
    cluster: { type: 'string', value: 'NAME', description: 'cluster name (DNS-1123); becomes L= of the intermediate and the output folder' },
    'root-cert': { type: 'string', value: 'FILE', default: 'root-cert.pem', description: 'mesh root certificate' },
    'root-key': { type: 'string', value: 'FILE', default: 'root-key.pem', description: 'mesh root private key' },
    namespace: { type: 'string', value: 'NS', default: 'istio-system', description: 'namespace of the cacerts Secret' },
  },
  async run({ io, options, positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const cluster = options.cluster;
    if (!cluster) throw new UsageError('--cluster NAME is required');
    const certFile = options['root-cert'];
    const keyFile = options['root-key'];
    const root = {
      certPem: (await readInput(certFile, io, '--root-cert')).toString('utf8'),
      keyPem: (await readInput(keyFile, io, '--root-key')).toString('utf8'),
    };
    const type = keyType(options['key-type']);
    progress(io, `Generating ${type === 'rsa' ? 'RSA 4096' : 'EC P-256'} key for cluster ${cluster}…`);
    const now = new Date();
    const bundle = await issueIntermediate(root, cluster, { now, keyType: type, days: days(options.days, 730) });
    const check = checkPluginCaBundle(bundle, now);
    const dir = join(resolve(io.cwd, options['out-dir'] ?? '.'), cluster);
    const files = new Map<string, string>(PLUGIN_CA_FILES.map((f) => [join(dir, f), bundle[f]]));
    files.set(join(dir, 'cacerts.yaml'), formatYaml(cacertsSecret(bundle, options.namespace)));
    await writeAll(files, { force: options.force === true, mode: keyMode });
    io.stdout.write(`Issued ${check.signingCert.subject} (valid until ${check.signingCert.notAfter.toISOString()}) from ${certFile}\n`);
    io.stdout.write(`${[...files.keys()].map((f) => `  ${f}`).join('\n')}\n`);
    io.stdout.write(`istiod checks: all four files present, ca-key.pem matches ca-cert.pem, ca-cert.pem verifies to root-cert.pem through cert-chain.pem\n`);
    io.stdout.write(
      `Next: kubectl apply -f ${join(dir, 'cacerts.yaml')} --context ${cluster}  (then restart istiod: kubectl rollout restart deploy/istiod -n istio-system)\n`,
    );
    return 0;
  },
});
