import { access, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { MeshError, PkiErrors, TctlErrors } from '../../../../api/index.js';
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
import { defineCommand, type TctlContext } from '../../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, UsageError, type OutputFormat } from '../../../../command/index.js';
import type { Io } from '../../../../command/index.js';
import { readInput } from './_files.js';
import { loadDump } from './extract.js';
import type { PortForwarder } from './_pod.js';
import { fleetTrustExit, formatFleetTrust, readFleetTrust } from './_fleet-trust.js';

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

const OPTIONS = {
  all: {
    type: 'boolean',
    description: 'group every workload by shared roots: of FILE|DIR when given, else of the live fleet (what the cluster agents report)',
  },
  cluster: { type: 'string', value: 'NAME', description: 'with --all over the fleet: only this cluster' },
  workspace: { type: 'string', short: 'w', value: 'NAME', description: "with --all over the fleet: only this workspace's namespaces" },
  from: {
    type: 'string',
    value: 'SHA256',
    description: "with --all over the fleet: a rotation's old root (fingerprint); with --to shows each cluster's progress",
  },
  to: { type: 'string', value: 'SHA256', description: "with --all over the fleet: the rotation's new root (fingerprint)" },
  namespace: { type: 'string', short: 'n', value: 'NS', default: 'default', description: 'namespace for pods given without .NS' },
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), yaml or json' },
} as const;

const FLEET_ONLY = ['cluster', 'workspace', 'from', 'to'] as const;

/** `--all` without FILE|DIR: the live fleet from the management plane; exit 1 when workloads disagree. */
async function runFleet(ctx: TctlContext<typeof OPTIONS>, format: OutputFormat): Promise<number> {
  const { io, options } = ctx;
  const { withSession } = await import('../../../session/session.js');
  return withSession(ctx, async (s) => {
    const org = s.org?.value;
    if (!org)
      throw new MeshError(
        TctlErrors.OrganizationMissing,
        "the fleet's trust is per organization, but none was given (no --org flag and the profile's user has no org)",
        {
          field: 'org',
        },
      );
    const v = await readFleetTrust(s.client, {
      org,
      tenant: s.tenant?.value,
      workspace: options.workspace,
      cluster: options.cluster,
      from: options.from,
      to: options.to,
    });
    io.stdout.write(format === 'json' ? formatJson(v) : format === 'yaml' ? formatYaml(v) : formatFleetTrust(v));
    return fleetTrustExit(v);
  });
}

/** Builds the command with an optional injected forwarder (tests). */
export function rootcaCompareCommand(forwarder?: PortForwarder) {
  return defineCommand({
    summary: 'Check whether two workloads (or all) share a root certificate',
    usage: 'A B | --all FILE|DIR | --all [--cluster NAME] [-w WORKSPACE] [--from SHA256 --to SHA256] [-o table|yaml|json]',
    description:
      'A and B are config dumps (istioctl -o json or Envoy /config_dump), PEM root bundles, or pods (POD[.NS], read through the Kubernetes API). They match when any root of A is byte-identical to any root of B, so a rotation bundle with old and new roots matches both. --all reads a JSON array of {"workload": "...", "roots": "<PEM>"} or a directory of config dumps (one per workload, named <workload>.json) and groups the workloads by shared roots. --all alone works on the live fleet: what every cluster agent reports of the sidecars of its workloads (the same source as `istioctl proxy-config secret`), grouped by root set across clusters, with the outliers named and, per cluster, how many workloads hold each root and chain to it; --from/--to (root fingerprints) show how far a root rotation is. Exit 1 when workloads disagree.',
    examples: [
      'tctl x certs rootca-compare east-web.json west-web.json',
      'tctl x certs rootca-compare web-0.shop pay-0.shop',
      'tctl x certs rootca-compare --all ./dumps',
      'tctl x certs rootca-compare --all',
      'tctl x certs rootca-compare --all --cluster east -o yaml',
    ],
    options: OPTIONS,
    async run(ctx) {
      const { io, options, positionals } = ctx;
      const format = parseOutputFormat(options.output);
      const fleetFlag = FLEET_ONLY.find((k) => options[k] !== undefined);
      if (options.all === true && positionals.length === 0) return runFleet(ctx, format);
      if (fleetFlag) throw new UsageError(`--${fleetFlag} applies to --all over the live fleet (no FILE|DIR)`);
      if (options.all === true) {
        if (positionals.length !== 1) throw new UsageError('--all takes one FILE|DIR, or none for the live fleet');
        const g = groupByRoots(await readAll(positionals[0], io));
        io.stdout.write(format === 'json' ? formatJson(g) : format === 'yaml' ? formatYaml(g) : formatGrouping(g));
        return g.groups.length <= 1 && g.missing.length === 0 ? 0 : 1;
      }
      if (positionals.length !== 2) throw new UsageError('expected two workloads A B (files or POD[.NS]), or --all');
      const ns = options.namespace;
      const [a, b] = positionals;
      const r = compareRoots(await rootsOf(a, io, ns, forwarder), await rootsOf(b, io, ns, forwarder));
      if (format === 'json') io.stdout.write(formatJson({ a, b, ...r }));
      else if (format === 'yaml') io.stdout.write(formatYaml({ a, b, ...r }));
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
