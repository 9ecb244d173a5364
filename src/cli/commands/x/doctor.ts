// tctl x doctor: every docs/faq.md question as checks, in the manner of `linkerd check`.
import { DoctorErrors, HealthErrors, MeshError } from '../../../api/index.js';
import { defineCommand } from '../../tctl-command.js';
import { formatJson, formatYaml, parseOutputFormat, reportError } from '../../../command/index.js';
import { withSession } from '../../session/session.js';
import { agentsSection, profileSection, serverSection, sidecarSection } from './doctor/_checks.js';
import { readManifests } from '../../manifest/read-manifests.js';
import { lbAnnotationChecks } from './doctor/_lb-annotations.js';
import { cniSection } from './doctor/_cni.js';
import { readClusterReports, trustSection } from './doctor/_trust.js';
import { renderDoctor, verdictOf, type DoctorReport, type Section } from './doctor/_report.js';

/** tctl x doctor */
export default defineCommand({
  summary: 'Check everything the FAQ asks about, with the fix for each failure',
  usage: '[--cluster NAME] [-w WORKSPACE] [-f FILE|DIR]... [-o table|json|yaml]',
  description:
    "Walks every question of docs/faq.md and prints one line per check — ✔ ok, ‼ warning, ✖ failure with its cause and the command that fixes it — then a verdict: the tctl profile and connection (cluster, user, org, tenant, TLS, token expiry, credentials), the management plane's readiness and version, every cluster agent (connected, synced, last seen), sidecar readiness across the fleet (the agents are asked to sweep now), one root of trust across clusters (the CA each agent reports), the CNI chain of every node an agent reports (agent flag --cni-conf-dir), and the load-balancer annotations (kubeSpec.service.annotations) of the install CRs given with -f — the management plane stores no install CRs, so pass the files you render with `tctl install manifest`. Exit code 1 when any check fails, 2 when a -f file cannot be read or holds no install CR.",
  examples: ['tctl x doctor', 'tctl x doctor --cluster c1', 'tctl x doctor -f cp.yaml -f mp.yaml', 'tctl x doctor -w payments --tenant prod -o json'],
  options: {
    cluster: { type: 'string', value: 'NAME', description: "only this cluster's agent and sidecars" },
    workspace: { type: 'string', short: 'w', value: 'NAME', description: "only this workspace's namespaces for sidecars" },
    file: {
      type: 'string',
      short: 'f',
      multiple: true,
      value: 'FILE',
      description: 'install CRs (file, directory or -) whose load-balancer annotations to check',
    },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
  },
  async run(ctx) {
    const format = parseOutputFormat(ctx.options.output);
    if (ctx.positionals.length)
      throw new MeshError(HealthErrors.HealthFlagsConflict, `unexpected argument ${ctx.positionals[0]}: narrow with --cluster NAME or -w WORKSPACE`, {
        field: 'args',
      });
    const scope = { cluster: ctx.options.cluster as string | undefined, workspace: ctx.options.workspace as string | undefined };
    const tty = ctx.io.stderr.isTTY === true && format === 'table';
    // Bad input first, before any request: an unreadable -f, or one holding no install CR, is exit 2
    // (as tctl x health's bad input), not a report.
    const files = ctx.options.file;
    let manifests;
    try {
      manifests = files.length ? await readManifests(ctx.io, files) : undefined;
      if (manifests && !manifests.some((m) => typeof m.object.apiVersion === 'string' && m.object.apiVersion.startsWith('install.tetrate.io/')))
        throw new MeshError(DoctorErrors.DoctorNoInstallCr, `-f ${files.join(' -f ')}: holds no install.tetrate.io CR`, { field: 'file' });
    } catch (e) {
      reportError(ctx.io, e, { commandPath: ctx.commandPath });
      return 2;
    }
    return withSession(ctx, async (s) => {
      const now = Date.now();
      const sections: Section[] = [];
      const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
        if (tty) ctx.io.stderr.write(`\r\x1b[2Kchecking ${label}…`);
        return fn();
      };
      sections.push(await step('profile and connection', () => profileSection(s, now)));
      const reachable = sections[0].checks.at(-1)?.status === 'ok';
      if (reachable) {
        sections.push(await step('management plane', () => serverSection(s)));
        sections.push(await step('cluster agents', () => agentsSection(s, scope, now)));
        sections.push((await step('sidecars (agents sweep now)', () => sidecarSection(s, scope))).section);
        const reports = await step('root of trust and CNI', () => readClusterReports(s, scope));
        sections.push(trustSection(reports), cniSection(reports));
      }
      sections.push({
        title: 'load-balancer annotations',
        faq: 'How do I make the load balancer internal on AWS?',
        checks: manifests
          ? lbAnnotationChecks(manifests)
          : [
              {
                name: 'install CRs',
                status: 'warn',
                detail: 'not checked',
                cause: 'the management plane stores no install CRs; doctor checks the files you give it',
                fix: 'tctl x doctor -f cp.yaml -f mp.yaml (the CRs you render with tctl install manifest)',
              },
            ],
      });
      if (tty) ctx.io.stderr.write('\r\x1b[2K');
      const report: DoctorReport = { sections, verdict: verdictOf(sections) };
      if (format === 'json') ctx.io.stdout.write(formatJson(report));
      else if (format === 'yaml') ctx.io.stdout.write(formatYaml(report));
      else ctx.io.stdout.write(renderDoctor(report));
      return report.verdict.passed ? 0 : 1;
    });
  },
});
