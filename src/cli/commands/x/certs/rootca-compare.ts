import { access, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { MeshError, PkiErrors } from '../../../../api/index.js';
import {
  compareRoots,
  groupByRoots,
  parseRoots,
  parseSecretDump,
  parseWorkloadRoots,
  rootsPem,
  workloadSecrets,
  type CertInfo,
  type RootGrouping,
  type RootSummary,
  type WorkloadRoots,
} from '../../../../pki/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, parseOutputFormat, UsageError } from '../../../../command/index.js';
import type { Io } from '../../../../command/index.js';
import { readInput } from './_files.js';
import { loadDump } from './extract.js';
import type { PortForwarder } from './_pod.js';

/** Roots of a dump file, a PEM bundle file, or a live pod (anything that is not a file). */
async function rootsOf(arg: string, io: Io, namespace: string, forwarder?: PortForwarder): Promise<CertInfo[]> {
  const isFile =
    arg === '-' ||
    (await access(resolve(io.cwd, arg)).then(
      () => true,
      () => false,
    ));
  let text: string;
  if (isFile) {
    const raw = (await readInput(arg, io, 'ROOTS')).toString('utf8');
    if (!raw.trimStart().startsWith('{')) return parseRoots(raw, arg);
    text = rootsFromDump(parseSecretDump(raw, arg), arg);
  } else text = rootsFromDump((await loadDump(io, undefined, arg, namespace, forwarder)).dump, arg);
  return parseRoots(text, arg);
}

function rootsFromDump(dump: ReturnType<typeof parseSecretDump>, source: string): string {
  const { roots } = workloadSecrets(dump);
  if (!roots || !rootsPem(roots)) throw new MeshError(PkiErrors.SecretNotFound, `${source}: cannot find ROOTCA from secret`, { field: source });
  return rootsPem(roots);
}

const line = (r: RootSummary) => `    ${r.subject || '(empty subject)'}  sha256:${r.fingerprint256}  notAfter ${r.notAfter}`;

async function readAll(path: string, io: Io): Promise<WorkloadRoots[]> {
  const full = resolve(io.cwd, path);
  const isDir = await readdir(full).then(
    () => true,
    () => false,
  );
  if (!isDir) return parseWorkloadRoots((await readInput(path, io, '--all')).toString('utf8'), path);
  const names = (await readdir(full)).filter((n) => n.endsWith('.json')).sort();
  const out: WorkloadRoots[] = [];
  for (const n of names) {
    const text = (await readInput(join(path, n), io, '--all')).toString('utf8');
    const { roots } = workloadSecrets(parseSecretDump(text, join(path, n)));
    const pem = roots ? rootsPem(roots) : '';
    out.push({ workload: basename(n, '.json'), roots: pem ? parseRoots(pem, join(path, n)) : [] });
  }
  return out;
}

function formatGrouping(g: RootGrouping): string {
  const lines: string[] = [];
  g.groups.forEach((grp, i) => {
    lines.push(
      `Group ${i + 1}: ${grp.workloads.length} workload(s) sharing ${grp.roots.length} root(s)`,
      ...grp.roots.map(line),
      `    workloads: ${grp.workloads.join(', ')}`,
    );
  });
  if (g.outliers.length) lines.push('', `Outliers (cannot verify the largest group's certificates): ${g.outliers.join(', ')}`);
  if (g.missing.length) lines.push('', `No ROOTCA reported: ${g.missing.join(', ')}`);
  if (g.groups.length <= 1 && !g.missing.length) lines.push('', 'All workloads share a root.');
  return lines.join('\n') + '\n';
}

/** Builds the command with an optional injected forwarder (tests). */
export function rootcaCompareCommand(forwarder?: PortForwarder) {
  return defineCommand({
    summary: 'Check whether two workloads (or all) share a root certificate',
    usage: 'A B | --all FILE|DIR [-o table|json]',
    description:
      'A and B are config dumps (istioctl -o json or Envoy /config_dump), PEM root bundles, or pods (POD[.NS], read through the Kubernetes API). They match when any root of A is byte-identical to any root of B, so a rotation bundle with old and new roots matches both. --all reads a JSON array of {"workload": "...", "roots": "<PEM>"} or a directory of config dumps (one per workload, named <workload>.json) and groups the workloads by shared roots.',
    examples: [
      'tctl x certs rootca-compare east-web.json west-web.json',
      'tctl x certs rootca-compare web-0.shop pay-0.shop',
      'tctl x certs rootca-compare --all ./dumps',
    ],
    options: {
      all: { type: 'string', value: 'FILE|DIR', description: 'group every workload of the list/directory by shared roots' },
      namespace: { type: 'string', short: 'n', value: 'NS', default: 'default', description: 'namespace for pods given without .NS' },
      output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default) or json' },
    },
    async run({ io, options, positionals }) {
      const format = parseOutputFormat(options.output);
      if (options.all !== undefined) {
        if (positionals.length) throw new UsageError('--all takes no positional arguments');
        const g = groupByRoots(await readAll(options.all, io));
        io.stdout.write(format === 'json' ? formatJson(g) : formatGrouping(g));
        return g.groups.length <= 1 && g.missing.length === 0 ? 0 : 1;
      }
      if (positionals.length !== 2) throw new UsageError('expected two workloads A B (files or POD[.NS]), or --all');
      const ns = options.namespace;
      const [a, b] = positionals;
      const r = compareRoots(await rootsOf(a, io, ns, forwarder), await rootsOf(b, io, ns, forwarder));
      if (format === 'json') io.stdout.write(formatJson({ a, b, ...r }));
      else {
        const lines = r.match ? [`Both [${a}] and [${b}] have the identical ROOTCA, theoretically the connectivity between them is available`] : [];
        if (r.shared.length) lines.push('  shared roots:', ...r.shared.map(line));
        if (r.onlyA.length) lines.push(`  only in ${a}:`, ...r.onlyA.map(line));
        if (r.onlyB.length) lines.push(`  only in ${b}:`, ...r.onlyB.map(line));
        io.stdout.write(lines.join('\n') + '\n');
      }
      if (!r.match)
        throw new MeshError(
          PkiErrors.RootsDiffer,
          `Both [${a}] and [${b}] have the non identical ROOTCA, theoretically the connectivity between them is unavailable`,
        );
      return 0;
    },
  });
}

export default rootcaCompareCommand();
