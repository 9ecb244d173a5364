// tctl x health: is this sidecar (or every sidecar of the fleet) ready, and if not, why.
import { HealthErrors, MeshError, TctlErrors } from '../../../api/index.js';
import { defineCommand, type TctlContext } from '../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, reportError, UsageError, type OutputFormat } from '../../../command/index.js';
import { kubeForwarder, type PortForwarder } from './health/_forward.js';
import { checkSidecar, exitCodeOf, formatSidecarReport, parseTarget } from './health/_sidecar.js';
import { formatFleet, readFleet } from './health/_fleet.js';

const OPTIONS = {
  namespace: {
    type: 'string',
    short: 'n',
    value: 'NS',
    description:
      'namespace of POD when not written as POD.NAMESPACE; without either, the namespace named "default" (not a flag default: with a URL, -n is an error)',
  },
  context: { type: 'string', value: 'CTX', description: 'kubeconfig context to use' },
  kubeconfig: { type: 'string', value: 'FILE', description: 'kubeconfig file (default $KUBECONFIG or ~/.kube/config)' },
  verbose: { type: 'boolean', short: 'v', description: 'print requests and responses as curl -v does' },
  explain: { type: 'boolean', description: "read Envoy's stats even when ready (readiness caches its checks after the first success)" },
  app: { type: 'string', value: 'CONTAINER', description: 'also check the rewritten app probes on 15020 (/app-health/CONTAINER/readyz|livez)' },
  'admin-url': { type: 'string', value: 'URL', description: 'URL mode: Envoy admin base URL (e.g. a port-forward of 15000)' },
  'agent-url': { type: 'string', value: 'URL', description: 'URL mode: pilot-agent base URL (default: same host, port 15020, when the URL is on 15021)' },
  timeout: { type: 'string', value: 'DURATION', description: 'per-request deadline for a POD or URL; 5s when not given' },
  cluster: { type: 'string', value: 'NAME', description: 'the fleet view of one cluster (from its agent)' },
  all: { type: 'boolean', description: 'the fleet view of every cluster you may see' },
  workspace: { type: 'string', short: 'w', value: 'NAME', description: "with --cluster/--all: only this workspace's namespaces" },
  'no-sweep': { type: 'boolean', description: 'with --cluster/--all: show the last reports without asking the agents to sweep now' },
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
} as const;

const SINGLE_ONLY: readonly (keyof typeof OPTIONS)[] = ['namespace', 'context', 'kubeconfig', 'verbose', 'explain', 'app', 'admin-url', 'agent-url', 'timeout'];

/** `--cluster NAME | --all [-w WS]`: the management plane's fleet view; exit 1 when any sidecar is not ready. */
async function runFleet(ctx: TctlContext<typeof OPTIONS>, format: OutputFormat): Promise<number> {
  const { io, options } = ctx;
  const given = SINGLE_ONLY.filter((k) => options[k] !== undefined);
  if (given.length)
    throw new MeshError(HealthErrors.HealthFlagsConflict, `--${given[0]} applies to one sidecar (URL or POD), not to --cluster/--all`, { field: given[0] });
  if (ctx.positionals.length)
    throw new MeshError(HealthErrors.HealthFlagsConflict, `give either a target (${ctx.positionals[0]}) or --cluster/--all, not both`, { field: 'TARGET' });
  if (options.all && options.cluster) throw new MeshError(HealthErrors.HealthFlagsConflict, '--cluster and --all: give one', { field: 'cluster' });
  const { withSession } = await import('../../session/session.js');
  return withSession(ctx, async (s) => {
    const org = s.org?.value;
    if (!org)
      throw new MeshError(
        TctlErrors.OrganizationMissing,
        "sidecar health is per organization, but none was given (no --org flag and the profile's user has no org)",
        { field: 'org' },
      );
    const tty = io.stderr.isTTY === true;
    const progress = tty ? (l: string) => io.stderr.write(`\r\x1b[2K${l}`) : undefined;
    const v = await readFleet(
      s.client,
      {
        org,
        tenant: s.tenant?.value,
        workspace: options.workspace as string | undefined,
        cluster: options.cluster as string | undefined,
        sweep: options['no-sweep'] !== true,
      },
      progress,
    );
    if (tty) io.stderr.write('\r\x1b[2K');
    if (format === 'json') io.stdout.write(formatJson(v));
    else if (format === 'yaml') io.stdout.write(formatYaml(v));
    else io.stdout.write(formatFleet(v));
    return v.ready === v.total ? 0 : 1;
  });
}

function parseTimeout(v: unknown): number {
  if (v === undefined) return 5000;
  const m = /^(\d+)(ms|s)?$/.exec(String(v));
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : NaN;
  if (!(ms >= 100 && ms <= 60_000)) throw new UsageError(`--timeout "${String(v)}": give a duration between 100ms and 60s, e.g. 3s`);
  return ms;
}

/** Builds the command; tests inject the port-forwarder. */
export function healthCommand(forwarder?: PortForwarder) {
  return defineCommand({
    summary: 'Is a sidecar ready, and if not, why (one pod, a URL, or the fleet)',
    usage: 'URL | POD[.NAMESPACE] [-n NS] [--context CTX] [--kubeconfig FILE] [-v] [--explain] [--app CONTAINER] | --cluster NAME | --all [-w WORKSPACE]',
    description:
      "GETs Envoy's readiness listener (15021 /healthz/ready, which pilot-agent answers) — for a pod through a port-forward of the Kubernetes API, as `kubectl port-forward` does. When not ready, or with --explain, reads Envoy's admin stats (15000 /stats?usedonly, /server_info) through the same tunnel and names the cause in pilot-agent's terms with its fix. For a URL on port 15021 the stats come from pilot-agent on 15020 of the same host. With --cluster or --all it shows what the cluster agents report (they probe every sidecar their inventory lists; they are asked to sweep now first): ready/total per cluster and namespace, then each not-ready pod with its cause and age, worst first; -w narrows it to one workspace's namespaces. Exit code: 0 ready, 1 not ready, 2 unreachable or bad input.",
    examples: [
      'tctl x health web-0.shop',
      'tctl x health web-0 -n shop --explain',
      'tctl x health http://127.0.0.1:15021 -v',
      'tctl x health web-0.shop --app web',
      'tctl x health --all',
      'tctl x health --cluster c1 -o json',
      'tctl x health --all -w payments --tenant prod',
    ],
    options: OPTIONS,
    async run(ctx) {
      const { io, options, positionals } = ctx;
      try {
        const format = parseOutputFormat(options.output);
        if (options.cluster !== undefined || options.all === true) return await runFleet(ctx, format);
        if (options.workspace !== undefined || options['no-sweep'] !== undefined)
          throw new MeshError(HealthErrors.HealthFlagsConflict, '-w and --no-sweep apply to --cluster/--all', {
            field: options.workspace !== undefined ? 'workspace' : 'no-sweep',
          });
        if (positionals.length !== 1)
          throw new MeshError(
            HealthErrors.HealthTargetInvalid,
            positionals.length ? `one target expected, got ${positionals.length}: ${positionals.join(' ')}` : 'no target given',
            { field: 'TARGET' },
          );
        const target = parseTarget(positionals[0], (options.namespace as string | undefined) ?? 'default');
        if ('url' in target && (options.context !== undefined || options.kubeconfig !== undefined || options.namespace !== undefined)) {
          throw new MeshError(HealthErrors.HealthFlagsConflict, '-n, --context and --kubeconfig apply to a POD, not to a URL', { field: 'TARGET' });
        }
        if (!('url' in target) && (options['admin-url'] !== undefined || options['agent-url'] !== undefined)) {
          throw new MeshError(
            HealthErrors.HealthFlagsConflict,
            '--admin-url and --agent-url apply to a URL; for a POD the port-forward reaches 15000 and 15020',
            { field: 'TARGET' },
          );
        }
        const trace = options.verbose ? (l: string) => io.stderr.write(`${l}\n`) : undefined;
        const report = await checkSidecar({
          target,
          explain: options.explain === true,
          app: options.app as string | undefined,
          timeoutMs: parseTimeout(options.timeout),
          trace,
          adminUrl: options['admin-url'] as string | undefined,
          agentUrl: options['agent-url'] as string | undefined,
          forwarder: async () => forwarder ?? (await kubeForwarder(options.kubeconfig as string | undefined, options.context as string | undefined)),
        });
        if (format === 'json') io.stdout.write(formatJson(report));
        else if (format === 'yaml') io.stdout.write(formatYaml(report));
        else io.stdout.write(formatSidecarReport(report, options.explain === true));
        return exitCodeOf(report);
      } catch (e) {
        // Bad input and an unreachable pod are exit 2 (not 1, which means "not ready").
        reportError(io, e, { commandPath: ctx.commandPath });
        return 2;
      }
    },
  });
}

export default healthCommand();
