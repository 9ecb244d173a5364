/**
 * The client side of Tier1Gateway `internalServers` (issue #17): TSB "Tier1 gateways can also be
 * used to forward mesh internal traffic for Gateway hosts from one cluster to another. This form
 * of forwarding will work only if the two clusters cannot reach each other directly (e.g., they
 * are on different VPCs that are not peered)"; "if two clusters have direct connectivity,
 * declaring a tier1 internal server will have no effect" (refs/tsb/gateway/v2/tier1_gateway).
 *
 * So in a cluster X that exposes the hostname itself nothing is written; in a cluster that can
 * reach one of the internal server's targets directly nothing is written either; otherwise, when X
 * may reach the tier-1 cluster, a ServiceEntry in `xcp-multicluster` sends the hostname to the
 * tier-1 gateway's reported addresses on 15443 (its nodePort when set), with a DestinationRule
 * that originates Istio mTLS with the hostname as SNI, which the tier-1's internal server (15443,
 * ISTIO_MUTUAL) terminates and forwards.
 */
import { dnsName } from '../../api/index.js';
import type { ClusterInfo, ConfigResource, IstioObject } from '../model.js';
import { NETWORKING, makeObject } from '../naming.js';
import type { ConfigIndex } from '../scope.js';
import { groupSelects } from '../scope.js';
import { obj, str } from '../values.js';
import { serviceEntrySpec } from './endpoints.js';
import { MC_NAMESPACE, MC_PORT, canReach, reachability, resolveTargets } from './reach.js';
import { type ServerPlan, exposes, planTier1 } from './tier1.js';

/** Plans per mesh view and configuration: every client cluster reads the same ones (not quadratic). */
const memo = new WeakMap<readonly ClusterInfo[], WeakMap<object, Map<string, ServerPlan[]>>>();
function plansOf(
  res: ConfigResource,
  tier1: ClusterInfo,
  index: Pick<ConfigIndex, 'leaves' | 'clusters' | 'settings'>,
  mesh: readonly ClusterInfo[],
): ServerPlan[] {
  let bySettings = memo.get(mesh);
  if (!bySettings) memo.set(mesh, (bySettings = new WeakMap()));
  let m = bySettings.get(index.settings);
  if (!m) bySettings.set(index.settings, (m = new Map()));
  const key = `${res.fqn}\0${tier1.name}`;
  let plans = m.get(key);
  if (!plans) m.set(key, (plans = planTier1(res, tier1, index, mesh).filter((p) => p.kind === 'internal' && p.targets.length > 0)));
  return plans;
}

/** What internal servers of every Tier1Gateway write into `cluster` (a client cluster). */
export function planInternalForwarding(
  index: Pick<ConfigIndex, 'leaves' | 'clusters' | 'settings'>,
  cluster: ClusterInfo,
  mesh: readonly ClusterInfo[],
): IstioObject[] {
  const out: IstioObject[] = [];
  for (const leaf of index.leaves) {
    const res = leaf.resource;
    if (res.kind !== 'Tier1Gateway' || leaf.group.type !== 'gateway' || leaf.group.mode !== 'BRIDGED' || !Array.isArray(res.spec.internalServers)) continue;
    const ns = str(obj(res.spec.workloadSelector).namespace);
    const app = str(obj(obj(res.spec.workloadSelector).labels).app);
    const rules = reachability(index, res.fqn);
    for (const tier1 of mesh) {
      if (!ns || tier1.name === cluster.name || !groupSelects(leaf.group, tier1, ns)) continue;
      for (const plan of plansOf(res, tier1, index, mesh)) {
        const exposed = exposes(index, plan.hostname);
        if ((cluster.gateways ?? []).some((g) => exposed(g, cluster))) continue;
        const byName = new Map(mesh.map((c) => [c.name, c]));
        if (plan.targets.some((t) => canReach(rules, cluster, byName.get(t) ?? {}))) continue;
        const { targets } = resolveTargets({
          source: cluster,
          mesh,
          rules,
          accepts: (g) => g.kind === 'tier1' && g.namespace === ns && (app === undefined || g.name === app),
          port: MC_PORT,
          named: [{ name: tier1.name }],
          what: 'tier-1 gateway',
        });
        if (targets.length === 0) continue;
        const name = dnsName([res.name, plan.name]);
        const port = { name: `http-${plan.name}`, number: 80, protocol: 'HTTP' };
        out.push(makeObject(NETWORKING, 'ServiceEntry', name, MC_NAMESPACE, res, serviceEntrySpec(plan.hostname, [port], targets)));
        out.push(
          makeObject(NETWORKING, 'DestinationRule', name, MC_NAMESPACE, res, {
            host: plan.hostname,
            trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', sni: plan.hostname } },
          }),
        );
      }
    }
  }
  return out;
}
