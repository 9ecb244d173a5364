// tctl x doctor, root of trust: the CA material each cluster agent reports (cluster status `.ca`:
// fingerprints of istiod's cacerts and whether ca-cert.pem chains to the mesh root) and one root
// across every cluster in scope; then one root across workloads, from what the agents report of
// every sidecar's ROOTCA bundle and chain (issue #16, GET /v2/organizations/{org}/trust).
import { FleetTrustErrors, fleetTrustVerdict, isMeshError, type FleetTrustVerdict } from '../../../../api/index.js';
import { readFleetTrust } from '../certs/_fleet-trust.js';
import type { Session } from '../../../session/session.js';
import type { Check, Section } from './_report.js';
import type { DoctorScope } from './_checks.js';

/** The `.ca` part of a cluster's status (GET /v2/{cluster}/status), as far as doctor reads it. */
export interface ClusterCa {
  source?: string;
  bringYourOwnCa?: boolean;
  caCertSha256?: string;
  rootCertSha256?: string[];
  chainsToMeshRoot?: boolean;
  problem?: { code?: string; message?: string; fix?: string };
}

const short = (fp: string): string => `${fp.slice(0, 16)}…`;

/** Pure: the checks for the clusters' reported CA material. */
export function trustChecks(clusters: readonly { name: string; ca?: ClusterCa; error?: string }[], workloads?: FleetTrustVerdict): Check[] {
  const checks: Check[] = [];
  const roots = new Map<string, string[]>();
  for (const c of clusters) {
    const name = `cluster ${c.name} cacerts`;
    if (c.error) {
      checks.push({ name, status: 'fail', cause: c.error, fix: `tctl status cluster ${c.name} -o yaml` });
      continue;
    }
    const ca = c.ca;
    if (!ca) {
      checks.push({
        name,
        status: 'warn',
        detail: 'not reported',
        cause: 'the cluster status has no CA report: no agent has reported cacerts, or the management plane has no mesh root',
        fix: `tctl status cluster ${c.name} -o yaml (and: kubectl -n istio-system get secret cacerts on the cluster)`,
      });
      continue;
    }
    const root = ca.rootCertSha256?.[0];
    if (root) roots.set(root, [...(roots.get(root) ?? []), c.name]);
    if (ca.chainsToMeshRoot === true)
      checks.push({
        name,
        status: 'ok',
        detail: `ca-cert.pem ${short(ca.caCertSha256 ?? '')} chains to the mesh root${root ? ` ${short(root)}` : ''} (${ca.source ?? 'unknown source'})`,
      });
    else
      checks.push({
        name,
        status: 'fail',
        detail: `${ca.problem?.code ?? 'not chained'}${ca.bringYourOwnCa ? ', brings its own CA' : ''}`,
        cause: ca.problem?.message ?? 'ca-cert.pem does not chain to the mesh root',
        fix: ca.problem?.fix ?? `tctl status cluster ${c.name} -o yaml`,
      });
  }
  if (roots.size > 1)
    checks.push({
      name: 'one root across clusters',
      status: 'fail',
      detail: `${roots.size} different roots`,
      cause: [...roots].map(([fp, names]) => `${names.join(', ')}: root ${short(fp)}`).join('; '),
      fix: 'Give every cluster an intermediate of the same root: drop spec.bringYourOwnCa so meshbridge delivers one (tctl edit cluster NAME), or plug in an intermediate issued by the mesh root (tctl x ca create-intermediate)',
    });
  else if (roots.size === 1) {
    const [[fp, names]] = [...roots];
    checks.push({ name: 'one root across clusters', status: 'ok', detail: `${names.length} cluster(s) share root ${short(fp)}` });
  }
  checks.push(
    workloads
      ? { name: 'one root across workloads', ...workloads }
      : {
          name: 'one root across workloads',
          status: 'warn',
          detail: 'not checked',
          cause: 'the management plane did not answer for the workloads’ trust',
          fix: 'tctl x certs rootca-compare --all',
        },
  );
  return checks;
}

/** What the clusters in scope report in their status (GET /v2/{cluster}/status), or why it cannot be read. */
export interface ClusterReports {
  clusters: { name: string; status?: { ca?: ClusterCa; cni?: { nodes?: ClusterCniNode[] } }; error?: string }[];
  /** Set when the clusters could not be listed at all. */
  failure?: Check;
  /** One root across the workloads the agents report (issue #16). */
  workloads?: FleetTrustVerdict;
}

/** One node's CNI chain as the cluster status carries it. */
export interface ClusterCniNode {
  node: string;
  confDir?: string;
  primary?: string;
  plugins?: string[];
  chained?: boolean;
  problem?: string;
  inspectedAt?: string;
}

/** Reads every in-scope cluster's status once, for the trust and CNI sections. */
export async function readClusterReports(s: Session, scope: DoctorScope): Promise<ClusterReports> {
  const org = s.org?.value;
  if (!org)
    return {
      clusters: [],
      failure: { name: 'clusters', status: 'fail', cause: 'no organization to list clusters in', fix: 'tctl config users set <user> --org <org>' },
    };
  let names: string[];
  try {
    names = (await s.client.list(`organizations/${org}`, 'clusters')).map((c) => c.metadata.name).filter((n) => !scope.cluster || n === scope.cluster);
  } catch (e) {
    return { clusters: [], failure: { name: 'clusters', status: 'fail', cause: (e as Error).message, fix: `tctl get clusters --org ${org}` } };
  }
  const clusters = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, status: (await s.client.status(`organizations/${org}/clusters/${name}`)) as unknown as ClusterReports['clusters'][number]['status'] };
      } catch (e) {
        return { name, error: isMeshError(e) ? e.message : (e as Error).message };
      }
    }),
  );
  const workloads = await readFleetTrust(s.client, { org, tenant: s.tenant?.value, workspace: scope.workspace, cluster: scope.cluster }).then(
    (v) => fleetTrustVerdict(v),
    (e: unknown): FleetTrustVerdict => ({
      // Nothing reported (e.g. --cluster of an agent without workloads) is not a failure.
      status: isMeshError(e, FleetTrustErrors.WorkloadTrustNotReported) ? 'warn' : 'fail',
      detail: isMeshError(e, FleetTrustErrors.WorkloadTrustNotReported) ? 'no workload trust reported' : 'cannot read the fleet trust',
      cause: (e as Error).message,
      fix: isMeshError(e) && e.fix ? e.fix : 'tctl x certs rootca-compare --all',
    }),
  );
  return { clusters, workloads };
}

/** FAQ "mTLS fails with my own intermediate CA": one root across clusters, from the cluster statuses. */
export function trustSection(r: ClusterReports): Section {
  const checks = r.failure
    ? [r.failure]
    : trustChecks(
        r.clusters.map((c) => ({ name: c.name, ca: c.status?.ca, error: c.error })),
        r.workloads,
      );
  return { title: 'root of trust', faq: 'mTLS fails with my own intermediate CA (OPENSSL_VERIFY failed)', checks };
}
