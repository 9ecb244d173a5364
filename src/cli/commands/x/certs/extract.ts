import { join, resolve } from 'node:path';
import { MeshError, PkiErrors, SecurityErrors } from '../../../../api/index.js';
import {
  displayName,
  formatSecretTable,
  parseCertificate,
  parseSecretDump,
  readCertificates,
  rootsPem,
  secretRows,
  workloadSecrets,
  type SecretDump,
} from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, parseOutputFormat, UsageError } from '../../../../command/index.js';
import type { Io } from '../../../../command/index.js';
import { parseAt, readInput, writeAll } from './_files.js';
import { defaultForwarder, fetchPodSecretDump, podRef, type PortForwarder } from './_pod.js';

/** Reads a dump from FILE|- or, with --pod, from the live pod; tests inject the forwarder. */
export async function loadDump(
  io: Io,
  file: string | undefined,
  pod: string | undefined,
  namespace: string,
  forwarder?: PortForwarder,
): Promise<{ dump: SecretDump; source: string }> {
  if (pod !== undefined) {
    const ref = podRef(pod, namespace);
    const text = await fetchPodSecretDump(ref.pod, ref.namespace, forwarder ?? (await defaultForwarder()));
    const source = `pod ${ref.namespace}/${ref.pod}`;
    return { dump: parseSecretDump(text, source), source };
  }
  const name = file ?? '-';
  const source = name === '-' ? '<stdin>' : name;
  return { dump: parseSecretDump((await readInput(name, io, 'FILE')).toString('utf8'), source), source };
}

function names(pem: string, source: string): string[] {
  return readCertificates(pem, source).ders.map((d, i) => displayName(parseCertificate(d, `${source} certificate ${i + 1}`)));
}

function describeBundle(pem: string, source: string, sep = ' ← '): string {
  const n = names(pem, source);
  return `${n.length} certificate${n.length === 1 ? '' : 's'}: ${n.join(sep)}`;
}

/** Builds the command with an optional injected forwarder (tests). */
export function extractCommand(forwarder?: PortForwarder) {
  return defineCommand({
    summary: 'Extract the workload chain and ROOTCA bundle from an Envoy/istioctl secret dump or a live pod',
    usage: '[FILE|-] [--pod POD[.NS]] [--out-dir DIR] [--force]',
    description:
      "Reads `istioctl proxy-config secret POD -o json` output (camelCase), Envoy's /config_dump (snake_case), or — with --pod — the pod itself through the Kubernetes API (port-forward to Envoy's admin port 15000). Writes the `default` secret's certificate chain and the ROOTCA trust bundle (SPIFFE trust-domain bundles included) as PEM files and prints istioctl's secret table.",
    examples: [
      'istioctl proxy-config secret web-0 -o json | tctl x certs extract - --out-dir ./web',
      'tctl x certs extract --pod web-0.shop --out-dir ./web',
      'tctl x certs extract config_dump.json && tctl x certs verify chain.pem --roots roots.pem',
    ],
    options: {
      pod: { type: 'string', value: 'POD[.NS]', description: 'read the live pod through the Kubernetes API instead of a file' },
      namespace: { type: 'string', short: 'n', value: 'NS', default: 'default', description: 'namespace of --pod' },
      'out-dir': { type: 'string', value: 'DIR', description: 'where to write chain.pem and roots.pem (default: current directory)' },
      force: { type: 'boolean', description: 'overwrite existing files' },
      at: { type: 'string', value: 'TIME', description: 'judge validity in the table at this time instead of now' },
      output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default) or json (what was found and written)' },
    },
    async run({ io, options, positionals }) {
      if (positionals.length > 1) throw new UsageError('expected at most one FILE');
      if (positionals.length && options.pod !== undefined) throw new UsageError('give either FILE or --pod, not both');
      const json = parseOutputFormat(options.output) === 'json';
      const { dump, source } = await loadDump(io, positionals[0], options.pod, options.namespace, forwarder);
      const at = parseAt(options.at);
      if (!json) {
        io.stdout.write(
          `Read ${source} (${dump.format === 'istioctl-json' ? 'istioctl proxy-config secret -o json' : 'Envoy config dump'}): ${dump.secrets.length} secret(s)\n\n`,
        );
        io.stdout.write(formatSecretTable(dump, at));
      }
      const { chain, roots } = workloadSecrets(dump);
      if (!chain && !roots)
        throw new MeshError(PkiErrors.SecretNotFound, `${source}: no workload certificate chain (secret "default") and no ROOTCA trust bundle`, {
          field: source,
        });
      const dir = resolve(io.cwd, options['out-dir'] ?? '.');
      const files = new Map<string, string>();
      const notes: string[] = [];
      if (chain?.certificateChain) {
        files.set(join(dir, 'chain.pem'), chain.certificateChain);
        notes.push(`chain.pem  ← secret "${chain.name}" (${chain.state}): ${describeBundle(chain.certificateChain, 'chain.pem')}`);
      } else notes.push('no workload certificate (secret "default") found: the proxy has not received its certificate; check istiod and the istio-proxy log');
      const rootText = roots ? rootsPem(roots) : '';
      if (roots && rootText) {
        files.set(join(dir, 'roots.pem'), rootText);
        const tds = roots.trustDomains?.map((t) => t.name).join(', ');
        notes.push(`roots.pem  ← secret "${roots.name}" (${roots.state})${tds ? ` trust domains ${tds}` : ''}: ${describeBundle(rootText, 'roots.pem', '; ')}`);
      } else notes.push('no ROOTCA trust bundle found');
      // Exit 0 with no file written read as success to scripts (`extract && verify chain.pem`).
      if (files.size === 0) throw new MeshError(SecurityErrors.NothingExtracted, `${source}: nothing extracted: ${notes.join('; ')}`, { field: source });
      await writeAll(files, { force: options.force === true });
      if (json) {
        const chainPath = join(dir, 'chain.pem');
        const rootsPath = join(dir, 'roots.pem');
        io.stdout.write(
          formatJson({
            source,
            format: dump.format,
            secrets: secretRows(dump, at),
            chain: files.has(chainPath) ? { file: chainPath, secret: chain?.name, certificates: names(files.get(chainPath) as string, 'chain.pem') } : null,
            roots: files.has(rootsPath)
              ? {
                  file: rootsPath,
                  secret: roots?.name,
                  trustDomains: roots?.trustDomains?.map((t) => t.name) ?? [],
                  certificates: names(rootText, 'roots.pem'),
                }
              : null,
          }),
        );
        return 0;
      }
      io.stdout.write(`\nWrote to ${dir}:\n${notes.map((n) => `  ${n}`).join('\n')}\n`);
      if (files.size === 2) io.stdout.write(`\nNext: tctl x certs verify ${join(dir, 'chain.pem')} --roots ${join(dir, 'roots.pem')}\n`);
      return 0;
    },
  });
}

export default extractCommand();
