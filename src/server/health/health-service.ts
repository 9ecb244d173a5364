// Who may see which sidecars: a reader of the cluster sees all of its pods; anyone else sees only
// the pods in the namespaces of the workspaces they may read (TSB namespace selectors
// `cluster/namespace`). Domain logic only: the HTTP routes call it.
import { CoreErrors, HealthErrors, MeshError, selectorMatches, type FleetSummary } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import { readableWorkspaceSelectors } from '../rbac/index.js';
import type { Principal, Rbac, SidecarHealthOperations } from '../contracts.js';
import type { ClusterHealthView, FleetHealth } from './fleet-health.js';

/** How long a `?sweep=true` request waits for the agents. */
export const SWEEP_WAIT_MS = 15_000;

export type { FleetSummary };

/** See the file comment. */
export class HealthService implements SidecarHealthOperations {
  constructor(
    private readonly fleetHealth: FleetHealth,
    private readonly store: Store,
    private readonly rbac: Pick<Rbac, 'can' | 'require' | 'readable'>,
  ) {}

  /** `GET /v2/organizations/{org}/clusters/{c}/health`: needs READ on the cluster. */
  async cluster(p: Principal, org: string, name: string, sweep: boolean): Promise<ClusterHealthView & { swept?: boolean }> {
    const fqn = `organizations/${org}/clusters/${name}`;
    await this.rbac.require(p, 'READ', fqn);
    if (!(await this.store.reader.get(fqn))) throw new MeshError(CoreErrors.NotFound, `${fqn} not found`, { field: 'cluster' });
    const swept = sweep ? await this.fleetHealth.sweep(fqn, SWEEP_WAIT_MS) : undefined;
    const v = this.fleetHealth.view(fqn);
    if (!v) throw new MeshError(HealthErrors.HealthNotReported, `${fqn}: no sidecar health reported yet`, { field: 'cluster' });
    return swept === undefined ? v : { ...v, swept };
  }

  /** Selectors of the workspaces `p` may read in `org` (optionally one workspace). */
  private async workspaceSelectors(p: Principal, org: string, workspace?: string): Promise<string[]> {
    return readableWorkspaceSelectors(this.store, this.rbac, p, org, workspace);
  }

  /**
   * `GET /v2/organizations/{org}/health`: every cluster with a report the caller may read in full,
   * and, of the others, the pods of workspaces they may read. `workspace` (`tenants/t/workspaces/w`)
   * narrows it to one workspace's namespaces everywhere.
   */
  async fleet(p: Principal, org: string, opts: { workspace?: string; cluster?: string; sweep: boolean }): Promise<FleetSummary> {
    const selectors = await this.workspaceSelectors(p, org, opts.workspace);
    const fqns = this.fleetHealth
      .clusterFqns()
      .filter((f) => f.startsWith(`organizations/${org}/clusters/`))
      .filter((f) => !opts.cluster || f.endsWith(`/clusters/${opts.cluster}`));
    const out: FleetSummary['clusters'] = [];
    await Promise.all(
      fqns.map(async (fqn) => {
        const name = fqn.slice(fqn.lastIndexOf('/') + 1);
        // Reports of a cluster deleted since are not served.
        if (!(await this.store.reader.get(fqn))) return;
        const full = opts.workspace === undefined && (await this.rbac.can(p, 'READ', fqn));
        const visible = full ? () => true : (ns: string) => selectorMatches({ names: selectors }, name, ns);
        if (!full && !selectors.length) return;
        const swept = opts.sweep ? await this.fleetHealth.sweep(fqn, SWEEP_WAIT_MS) : undefined;
        const v = this.fleetHealth.view(fqn, visible);
        if (!v || (!full && v.total === 0)) return;
        out.push({ ...v, scope: full ? 'cluster' : 'workspace', ...(swept === undefined ? {} : { swept }) });
      }),
    );
    out.sort((a, b) => a.cluster.localeCompare(b.cluster));
    if (opts.cluster && out.length === 0)
      throw new MeshError(HealthErrors.HealthNotReported, `organizations/${org}/clusters/${opts.cluster}: no sidecar health you may read`, {
        field: 'cluster',
      });
    return { clusters: out, total: out.reduce((n, c) => n + c.total, 0), ready: out.reduce((n, c) => n + c.ready, 0) };
  }
}
