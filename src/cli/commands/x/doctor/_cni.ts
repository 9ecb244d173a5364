// tctl x doctor, CNI: every node whose chain an agent reports (meshbridge agent --cni-conf-dir),
// ✔ when the mesh's CNI plugin is the last of the primary conflist kubelet uses, ✖ otherwise.
import { DoctorErrors } from '../../../../api/index.js';
import type { Check, Section } from './_report.js';
import type { ClusterReports } from './_trust.js';

/** Pure: one line per reported node; one ‼ when no node in scope reports. */
export function cniChecks(r: ClusterReports): Check[] {
  if (r.failure) return [r.failure];
  const checks: Check[] = [];
  for (const c of r.clusters) {
    for (const n of c.status?.cni?.nodes ?? []) {
      const name = `node ${n.node} (cluster ${c.name})`;
      const chain = `${n.primary || 'no primary conflist'}${n.plugins?.length ? `: ${n.plugins.join(' → ')}` : ''}`;
      if (n.chained === true) checks.push({ name, status: 'ok', detail: chain });
      else
        checks.push({
          name,
          status: 'fail',
          detail: `${DoctorErrors.CniNotChained.code} ${chain}`,
          cause: n.problem || 'the CNI plugin is not chained after the primary plugin',
          fix: `On node ${n.node}: meshbridge cni install --cni-conf-dir ${n.confDir || '/etc/cni/net.d'} --cni-bin-dir /opt/cni/bin (the node DaemonSet), then meshbridge cni status --cni-conf-dir ${n.confDir || '/etc/cni/net.d'}`,
        });
    }
  }
  if (checks.length === 0)
    checks.push({
      name: 'CNI chain on every node',
      status: 'warn',
      detail: 'not reported',
      cause: 'no agent in scope reports its nodes\u2019 CNI chain',
      fix: 'Start the agent with --cni-conf-dir /host/etc/cni/net.d (the node directory mounted), or on each node: meshbridge cni status --cni-conf-dir /etc/cni/net.d',
    });
  return checks;
}

/** FAQ "Is Istio CNI chained after Calico/Cilium?". */
export function cniSection(r: ClusterReports): Section {
  return { title: 'CNI', faq: 'Is Istio CNI chained after Calico/Cilium?', checks: cniChecks(r) };
}
