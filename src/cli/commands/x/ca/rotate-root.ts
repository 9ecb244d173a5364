import { MeshError, RootRotationErrors, TctlErrors, type RootRotationView } from '../../../../api/index.js';
import { defineCommand } from '../../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat } from '../../../../command/index.js';
import { formatRotation } from './_rotate-root-render.js';

const ACTIONS = ['plan', 'start', 'status', 'advance', 'abort'] as const;

export default defineCommand({
  summary: 'Rotate the mesh root across every cluster without downtime',
  usage: '--plan | --start | --status | --advance | --abort [-o table|yaml|json]',
  description:
    "Drives the management plane's root rotation, one gated step at a time: (1) --start creates a new root and every managed cluster's cacerts root-cert.pem trusts the old and the new root; (2) --advance, once every cluster and every workload it reports trust both, delivers intermediates signed by the new root (workloads take certificates from them as they rotate); (3) --advance, once every workload's certificate chains to the new root, removes the old root from the bundles; a last --advance, once every bundle holds the new root alone, makes it the mesh root. --advance refuses (MB4912) while a cluster lags and names it with what it lacks. --abort goes back one safe step: from step 1 to the old root at once; from step 2 to intermediates from the old root with both roots trusted (a rollback), and, once no workload chains to the new root, to the old root alone (--abort again); from step 3 back to step 2. Clusters that bring their own CA are never written and not gated. Exit code: 0, or 1 with --status/--plan when some cluster holds the step.",
  examples: [
    'tctl x ca rotate-root --plan',
    'tctl x ca rotate-root --start',
    'tctl x ca rotate-root --status -o yaml',
    'tctl x ca rotate-root --advance',
    'tctl x ca rotate-root --abort',
  ],
  options: {
    plan: { type: 'boolean', description: 'show what a rotation would do per cluster (or the next step of the one in progress)' },
    start: { type: 'boolean', description: 'start a rotation: step 1, every cluster trusts the old and the new root' },
    status: { type: 'boolean', description: "the rotation's step and every cluster's progress" },
    advance: { type: 'boolean', description: 'move to the next step once every cluster reached this one' },
    abort: { type: 'boolean', description: 'go back one safe step' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run(ctx) {
    const { io, options, positionals } = ctx;
    const format = parseOutputFormat(options.output);
    const given = ACTIONS.filter((a) => options[a] === true);
    if (given.length !== 1 || positionals.length)
      throw new MeshError(
        RootRotationErrors.RootRotationFlags,
        positionals.length ? `unexpected argument "${positionals[0]}"` : given.length ? `--${given.join(' and --')}: give one` : 'no action given',
        { field: 'action' },
      );
    const action = given[0];
    const { withSession } = await import('../../../session/session.js');
    return withSession(ctx, async (s) => {
      const org = s.org?.value;
      if (!org)
        throw new MeshError(
          TctlErrors.OrganizationMissing,
          "the root rotation is per organization, but none was given (no --org flag and the profile's user has no org)",
          {
            field: 'org',
          },
        );
      const base = `/v2/organizations/${encodeURIComponent(org)}/ca/root-rotation`;
      const v =
        action === 'status'
          ? await s.client.request<RootRotationView>('GET', base)
          : action === 'plan'
            ? await s.client.request<RootRotationView>('GET', `${base}/plan`)
            : await s.client.request<RootRotationView>('POST', `${base}/${action}`, {});
      if (format === 'json') io.stdout.write(formatJson(v));
      else if (format === 'yaml') io.stdout.write(formatYaml(v));
      else io.stdout.write(formatRotation(v, action === 'plan'));
      return (action === 'status' || action === 'plan') && !v.gate.holds ? 1 : 0;
    });
  },
});
