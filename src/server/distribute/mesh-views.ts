import { meshView, type ClusterInfo, type MeshView } from '../../translate/index.js';

/** How long mesh-view changes are gathered before the org's other clusters are recomputed. */
export const MESH_RECOMPUTE_MS = 200;

/**
 * The per-org mesh views (every known cluster's info: namespaces, services, trust domain, network,
 * region, gateways), rebuilt lazily when a cluster's info changes, and the coalesced recompute of
 * the org's other clusters when a view really changed (issues #17, #18).
 */
export class MeshViews<S extends { changeSince?: number }> {
  private readonly views = new Map<string, MeshView>();
  /** Orgs whose view changed, with the one session already recomputed (undefined: none or several). */
  private readonly dirty = new Map<string, S | undefined>();
  private timer: NodeJS.Timeout | undefined;
  /** When the last recompute of other clusters ran (0: never). */
  private lastFlush = 0;

  constructor(
    /** Every known cluster's info of an org. */
    private readonly infos: (org: string) => ClusterInfo[],
    /** Recomputes every connected cluster of the org but `except`. */
    private readonly recomputeOthers: (org: string, except: S | undefined) => void,
    private readonly windowMs = MESH_RECOMPUTE_MS,
  ) {}

  /** The org's current view. */
  of(org: string): MeshView {
    let m = this.views.get(org);
    if (!m) this.views.set(org, (m = meshView(this.infos(org))));
    return m;
  }

  /**
   * A cluster's info may have changed: policies of groups that span clusters and cross-cluster
   * routing read it, so the org's other clusters are recomputed when the view really changed.
   * Coalesced: a storm of attaches recomputes them once per window, not once per attach (which
   * would be quadratic in the number of clusters). A lone change (none flushed within the last
   * window) is flushed on the next tick, so a gateway address change is not held back a whole
   * window (issue #17's convergence target).
   */
  changed(org: string, except: S | undefined): void {
    const before = this.views.get(org);
    this.views.delete(org);
    if (before && before.key === this.of(org).key) return;
    if (except) except.changeSince ??= Date.now();
    this.dirty.set(org, this.dirty.has(org) ? undefined : except);
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlush + this.windowMs - Date.now()));
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const [org, except] of dirty) this.recomputeOthers(org, except);
  }

  /** Drops a pending recompute (shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
