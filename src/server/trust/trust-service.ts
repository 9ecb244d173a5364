// `GET /v2/organizations/{org}/trust`: who may see which workloads' trust. A reader of a cluster
// sees all of its workloads; anyone else only the workloads in the namespaces of the workspaces
// they may read (TSB namespace selectors `cluster/namespace`), as for sidecar health.
import {
  clusterTrustView,
  CoreErrors,
  filterTrust,
  FleetTrustErrors,
  fleetTrustView,
  isSha256,
  MeshError,
  selectorMatches,
  type ClusterTrustView,
  type FleetTrustView,
  type RootInfo,
} from '../../api/index.js';
import type { Store } from '../../store/index.js';
import { readableWorkspaceSelectors } from '../rbac/index.js';
import type { Principal, Rbac } from '../contracts.js';
import { readRoot, summarize } from '../ca/index.js';
import { readClusterTrust } from './fleet-trust.js';

/** The query of a fleet-trust request. */
export interface FleetTrustQuery {
  readonly cluster?: string;
  readonly workspace?: string;
  /** A rotation's old and new roots (fingerprints): each cluster then shows its progress. */
  readonly from?: string;
  readonly to?: string;
}

function checkRotation(q: FleetTrustQuery): { from: string; to: string } | undefined {
  if (q.from === undefined && q.to === undefined) return undefined;
  for (const f of ['from', 'to'] as const) {
    const v = q[f];
    if (v === undefined)
      throw new MeshError(CoreErrors.InvalidInput, `${f}: give both from and to (the rotation's old and new root fingerprints)`, { field: f });
    if (!isSha256(v)) throw new MeshError(FleetTrustErrors.RotationRootUnknown, `${f}: "${v}" is not a SHA-256 fingerprint`, { field: f });
  }
  return { from: q.from as string, to: q.to as string };
}

/** See the file comment. */
export class TrustService {
  constructor(
    private readonly store: Store,
    private readonly rbac: Pick<Rbac, 'can' | 'require' | 'readable'>,
  ) {}

  private async workspaceSelectors(p: Principal, org: string, workspace?: string): Promise<string[]> {
    return readableWorkspaceSelectors(this.store, this.rbac, p, org, workspace);
  }

  /** The mesh root, labelled, so fingerprints in the view can be named. */
  private async knownRoots(): Promise<RootInfo[]> {
    const root = await readRoot(this.store.reader);
    if (!root) return [];
    const s = summarize(root.certPem);
    return [{ sha256: s.sha256, label: 'mesh root', subject: s.subject, notAfter: s.notAfter }];
  }

  /** Every cluster of `org` with a report, as far as `p` may see it. */
  async fleet(p: Principal, org: string, q: FleetTrustQuery): Promise<FleetTrustView> {
    const rotation = checkRotation(q);
    const selectors = await this.workspaceSelectors(p, org, q.workspace);
    const clusters = (await this.store.reader.listByKind('Cluster'))
      .filter((c) => c.fqn.startsWith(`organizations/${org}/clusters/`))
      .filter((c) => !q.cluster || c.name === q.cluster);
    if (q.cluster && clusters.length === 0)
      throw new MeshError(CoreErrors.NotFound, `organizations/${org}/clusters/${q.cluster} not found`, { field: 'cluster' });
    const views = await Promise.all(
      clusters.map(async (c): Promise<ClusterTrustView | undefined> => {
        const full = q.workspace === undefined && (await this.rbac.can(p, 'READ', c.fqn));
        if (!full && !selectors.length) return undefined;
        const { trust, agentConnected } = await readClusterTrust(this.store, c.fqn);
        if (!trust) return undefined;
        const seen = full ? trust : filterTrust(trust, (ns) => selectorMatches({ names: selectors }, c.name, ns));
        if (!full && seen.total === 0) return undefined;
        return clusterTrustView(seen, { fqn: c.fqn, agentConnected, scope: full ? 'cluster' : 'workspace' }, rotation);
      }),
    );
    const out = views.filter((v): v is ClusterTrustView => v !== undefined);
    if (q.cluster && out.length === 0)
      throw new MeshError(FleetTrustErrors.WorkloadTrustNotReported, `organizations/${org}/clusters/${q.cluster}: no workload trust you may read`, {
        field: 'cluster',
      });
    out.sort((a, b) => a.cluster.localeCompare(b.cluster));
    return fleetTrustView(out, await this.knownRoots());
  }
}
