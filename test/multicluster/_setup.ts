// Shared set-up of the multicluster suites: Clusters with networks and regions, file inventories
// that report gateways, and the TSB objects that route across them (a Tier1Gateway in t1 to the
// IngressGateways of c1 and c2).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent, tctl, type Mp, type Proc } from '../clusters/_harness.js';

export const HOST = 'bookinfo.example.com';

/** Cluster → its network and region (TSB Cluster spec.network, spec.locality.region). */
export const CLUSTERS: Record<string, { network: string; region: string }> = {
  t1: { network: 'tier1-net', region: 'eu-west1' },
  c1: { network: 'net-a', region: 'eu-west1' },
  c2: { network: 'net-b', region: 'us-east1' },
};

/** A gateway as the file inventory lists it. */
export interface GatewayEntry {
  namespace: string;
  name: string;
  kind: string;
  addresses: string[];
  ports: { name: string; port: number; nodePort?: number }[];
  hostnames?: string[];
  pods?: string[];
}

/** The gateways each cluster starts with: t1's tier-1 gateway, c1's LoadBalancer ingress, c2's NodePort ingress. */
export function gateways(c: string, c2Address = '203.0.113.7'): GatewayEntry[] {
  if (c === 't1') return [{ namespace: 'tier1', name: 'tier1-gw', kind: 'tier1', addresses: ['192.0.2.10'], ports: [{ name: 'https', port: 443 }] }];
  if (c === 'c1')
    return [
      { namespace: 'bookinfo', name: 'bookinfo-gw', kind: 'ingress', addresses: ['198.51.100.1'], ports: [{ name: 'tls', port: 15443 }], hostnames: [HOST] },
    ];
  return [
    {
      namespace: 'bookinfo',
      name: 'bookinfo-gw',
      kind: 'ingress',
      addresses: [c2Address],
      ports: [{ name: 'tls', port: 15443, nodePort: 31443 }],
      hostnames: [HOST],
    },
  ];
}

/** Writes a cluster's file inventory (namespaces of its gateways, optional pods for the health prober). */
export async function writeGatewayInventory(
  file: string,
  gws: readonly GatewayEntry[],
  pods: readonly { namespace: string; name: string; ip: string }[] = [],
): Promise<void> {
  const namespaces = [...new Set(gws.map((g) => g.namespace))];
  await writeFile(file, JSON.stringify({ namespaces: namespaces.length ? namespaces : ['bookinfo'], gateways: gws, pods }));
}

/** Cluster resources with network and region, applied before their agents connect. */
export function clustersYaml(names: readonly string[]): string {
  return names
    .map(
      (c) => `apiVersion: api.tsb.tetrate.io/v2
kind: Cluster
metadata:
  organization: tetrate
  name: ${c}
spec:
  network: ${CLUSTERS[c].network}
  locality:
    region: ${CLUSTERS[c].region}
`,
    )
    .join('---\n');
}

/** The TSB objects: tier1-net may reach net-a and net-b; a workspace over every cluster's bookinfo and t1/tier1; IngressGateways in c1/c2; a Tier1Gateway in t1 to c1 (60) and c2 (40). */
export function routingYaml(): string {
  const meta = (extra: string) => `metadata:\n  organization: tetrate\n  tenant: prod\n${extra}`;
  return `apiVersion: api.tsb.tetrate.io/v2
kind: OrganizationSetting
metadata:
  organization: tetrate
  name: default
spec:
  networkSettings:
    networkReachability:
      tier1-net: net-a,net-b
---
apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata:
  organization: tetrate
  name: prod
spec: {}
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
${meta('  name: bookinfo')}
spec:
  namespaceSelector:
    names: ["*/bookinfo", "t1/tier1"]
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Group
${meta('  workspace: bookinfo\n  name: gw')}
spec:
  namespaceSelector:
    names: ["*/bookinfo", "t1/tier1"]
  configMode: BRIDGED
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: IngressGateway
${meta('  workspace: bookinfo\n  group: gw\n  name: bookinfo-gw')}
spec:
  workloadSelector:
    namespace: bookinfo
    labels:
      app: bookinfo-gw
  http:
  - name: bookinfo
    port: 80
    hostname: ${HOST}
    routing:
      rules:
      - route:
          host: bookinfo/productpage.bookinfo.svc.cluster.local
          port: 9080
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Tier1Gateway
${meta('  workspace: bookinfo\n  group: gw\n  name: tier1')}
spec:
  workloadSelector:
    namespace: tier1
    labels:
      app: tier1-gw
  externalServers:
  - name: bookinfo
    port: 80
    hostname: ${HOST}
    clusters:
    - name: c1
      weight: 60
    - name: c2
      weight: 40
`;
}

/** Applies the Clusters, issues credentials and starts one agent per cluster with its gateway inventory. */
export async function startFleet(
  dir: string,
  mp: Mp,
  env: Record<string, string>,
  names: readonly string[],
  extra: (c: string) => { pods?: { namespace: string; name: string; ip: string }[]; args?: string[]; gateways?: GatewayEntry[] } = () => ({}),
): Promise<{ agents: Proc[]; inventory: (c: string) => string; sink: string }> {
  await writeFile(join(dir, 'clusters.yaml'), clustersYaml(names));
  await tctl(env, ['apply', '-f', join(dir, 'clusters.yaml')]);
  const sink = join(dir, 'gitops');
  const inventory = (c: string) => join(dir, `${c}.inventory.json`);
  const agents: Proc[] = [];
  for (const c of names) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c]);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    const x = extra(c);
    await writeGatewayInventory(inventory(c), x.gateways ?? gateways(c), x.pods);
    agents.push(startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: inventory(c), extra: x.args }));
  }
  return { agents, inventory, sink };
}
