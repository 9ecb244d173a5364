// tctl x services [HOST]: the global service registry (issue #17) — which clusters' gateways expose
// a hostname, at which addresses and ports, on which network, and whether they are healthy.
import { MeshError, TctlErrors, type RegisteredService, type ServiceRegistryList } from '../../../api/index.js';
import { defineCommand } from '../../tctl-command.js';
import { formatJson, formatTable, formatYaml, parseOutputFormat, reportError, UsageError } from '../../../command/index.js';

const OPTIONS = {
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'table (default), json or yaml' },
} as const;

/** One row per gateway: HOST, CLUSTER, NETWORK, GATEWAY, KIND, ADDRESSES, PORTS, HEALTH. */
export function formatServices(services: readonly RegisteredService[]): string {
  if (services.length === 0)
    return 'No hostnames registered: no gateway of a cluster you may read exposes one (agents report gateways with their inventory).\n';
  const rows: string[][] = [];
  for (const s of services) {
    for (const c of s.clusters) {
      for (const g of c.gateways) {
        const ports = g.ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}` : String(p.port))).join(',');
        rows.push([s.hostname, c.cluster, g.network || '-', `${g.name}.${g.namespace}`, g.kind, g.addresses.join(',') || '-', ports || '-', g.health]);
      }
    }
  }
  return formatTable(['HOST', 'CLUSTER', 'NETWORK', 'GATEWAY', 'KIND', 'ADDRESSES', 'PORTS', 'HEALTH'], rows);
}

export default defineCommand({
  summary: 'The global service registry: which clusters expose a hostname, through which gateways',
  usage: '[HOST] [-o table|json|yaml]',
  description:
    "Lists every hostname that a gateway of a cluster you may read exposes (the servers[].hosts of the Istio Gateways selecting it), with each cluster's gateway addresses (LoadBalancer IPs or hostnames; node addresses with NODEPORT shown as PORT:NODEPORT), ports, network and health (from the sidecar health reports of the gateway's pods; UNKNOWN without them). With HOST, only that hostname (exit 1 when no cluster you may read exposes it). Cross-cluster routing (Tier1Gateway, east-west) reads the same data.",
  examples: ['tctl x services', 'tctl x services bookinfo.example.com', 'tctl x services -o yaml'],
  options: OPTIONS,
  async run(ctx) {
    const { io, options, positionals } = ctx;
    try {
      const format = parseOutputFormat(options.output);
      if (positionals.length > 1) throw new UsageError(`one HOST at most, got ${positionals.length}: ${positionals.join(' ')}`);
      const { withSession } = await import('../../session/session.js');
      return await withSession(ctx, async (s) => {
        const org = s.org?.value;
        if (!org)
          throw new MeshError(
            TctlErrors.OrganizationMissing,
            "the service registry is per organization, but none was given (no --org flag and the profile's user has no org)",
            {
              field: 'org',
            },
          );
        const base = `/v2/organizations/${encodeURIComponent(org)}/services`;
        const host = positionals[0];
        const services = host
          ? [await s.client.request<RegisteredService>('GET', `${base}/${encodeURIComponent(host)}`)]
          : (await s.client.request<ServiceRegistryList>('GET', base)).services;
        const doc = host ? services[0] : { services };
        if (format === 'json') io.stdout.write(formatJson(doc));
        else if (format === 'yaml') io.stdout.write(formatYaml(doc));
        else io.stdout.write(formatServices(services));
        return 0;
      });
    } catch (e) {
      return reportError(io, e, { commandPath: ctx.commandPath });
    }
  },
});
