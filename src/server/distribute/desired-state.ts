import type { Feed } from '../contracts.js';
import type { Change, StoredResource, Store } from '../../store/index.js';
import {
  FQN_ANNOTATION,
  affectedClusters,
  buildIndex,
  translateCluster,
  type ClusterInfo,
  type ConfigIndex,
  type ConfigResource,
  type MeshView,
  type TranslationCache,
} from '../../translate/index.js';
import { violation } from './validity.js';
import { buildSnapshot, type ClusterSnapshot } from './snapshot.js';
import { Debouncer } from './debouncer.js';
import { CLUSTER_FQN, orgOf } from './cluster-info.js';
import type { CaDelivery } from './ca-delivery.js';

/** What the desired state asks of the agent streams (the narrow side of the split). */
export interface StreamsView {
  /** Names of the clusters of `org` with an open stream: only they are recomputed. */
  connectedClusters(org: string): readonly string[];
  /** FQNs of every cluster with an open stream (for the periodic CA re-read). */
  connectedFqns(): readonly string[];
  /**
   * Recomputes and pushes a connected cluster whose desired state may have changed; `since` is when
   * the first change of the batch was seen. Returns false when the cluster has no stream.
   */
  recompute(clusterFqn: string, since: number): boolean;
  /** A Cluster resource was changed (or deleted when `r` is undefined): its stream may have to go. */
  clusterChanged(fqn: string, r: StoredResource | undefined): Promise<void>;
}

/** A cluster's desired snapshot and the resources left out of it because Istio would reject them. */
export interface Desired {
  readonly snapshot: ClusterSnapshot;
  /** FQN → why its objects failed Istio validation in this cluster; never sent. */
  readonly invalid: Map<string, string>;
}

interface Log {
  error(o: object, m?: string): void;
}

/**
 * The per-organization mirror of the store and what follows from it: learns changes from the feed,
 * debounces them, rebuilds the affected organizations' indexes and tells the streams which
 * connected clusters a batch touches; computes a cluster's desired snapshot on demand (translation
 * memoised per organization until its index changes).
 */
export class DesiredState {
  private readonly resources = new Map<string, Map<string, ConfigResource>>();
  private readonly indexes = new Map<string, ConfigIndex>();
  /** Per-org translation memo, valid for the org's current index. */
  private readonly caches = new Map<string, TranslationCache>();
  private revision = 0;
  private pending = new Set<string>();
  private changeSeenAt: number | undefined;
  private readonly debouncer: Debouncer;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private readonly onRecomputed: ((clusters: readonly string[]) => void) | undefined;
  private caTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly feed: Feed,
    private readonly log: Log,
    private readonly streams: StreamsView,
    private readonly opts: {
      readonly debounceMs: number;
      readonly maxWaitMs: number;
      readonly onRecomputed?: (clusters: readonly string[]) => void;
      readonly caRefreshMs?: number;
    },
    private readonly ca?: CaDelivery,
  ) {
    this.onRecomputed = opts.onRecomputed;
    this.debouncer = new Debouncer(opts.debounceMs, opts.maxWaitMs, () => this.enqueue(() => this.applyPending()));
  }

  /** Loads every resource, then follows the feed from the revision loaded. */
  async start(): Promise<void> {
    const from = await this.store.currentRevision();
    for (const r of await this.store.reader.listUnder('')) this.putResource(r);
    for (const org of this.resources.keys()) this.indexes.set(org, buildIndex([...(this.resources.get(org)?.values() ?? [])]));
    this.revision = from;
    this.unsubscribe = this.feed.subscribe(from, (changes) => this.onChanges(changes));
    const every = this.opts.caRefreshMs ?? 10_000;
    if (this.ca && every > 0) {
      this.caTimer = setInterval(() => this.enqueue(() => this.refreshCa()), every);
      this.caTimer.unref();
    }
  }

  /** Re-reads every connected cluster's CA material and pushes the clusters whose cacerts changed (rotation). */
  private async refreshCa(): Promise<void> {
    const since = Date.now();
    for (const fqn of this.streams.connectedFqns()) if (await this.ca?.refresh(fqn)) this.streams.recompute(fqn, since);
  }

  /** Stops following the feed (a batch already running finishes: await `idle()`). */
  stopFollowing(): void {
    this.unsubscribe?.();
    this.debouncer.cancel();
    if (this.caTimer) clearInterval(this.caTimer);
  }

  /** Resolves when the batch being applied, if any, is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(fn: () => Promise<void>): void {
    this.chain = this.chain.then(fn).catch((err: unknown) => this.log.error({ err }, 'distribution step failed'));
  }

  private putResource(r: StoredResource | ConfigResource): void {
    const org = orgOf(r.fqn);
    let m = this.resources.get(org);
    if (!m) this.resources.set(org, (m = new Map()));
    m.set(r.fqn, { fqn: r.fqn, kind: r.kind, apiVersion: r.apiVersion, name: r.name, metadata: r.metadata, spec: r.spec });
  }

  private onChanges(changes: readonly Change[]): void {
    for (const c of changes) {
      this.pending.add(c.fqn);
      if (c.revision > this.revision) this.revision = c.revision;
    }
    this.changeSeenAt ??= Date.now();
    this.debouncer.poke();
  }

  /** Re-reads changed resources, rebuilds the affected orgs' indexes and recomputes affected clusters. */
  private async applyPending(): Promise<void> {
    const fqns = [...this.pending];
    this.pending = new Set();
    const since = this.changeSeenAt ?? Date.now();
    this.changeSeenAt = undefined;
    const byOrg = new Map<string, string[]>();
    const recomputed: string[] = [];
    for (const fqn of fqns) {
      const r = await this.store.reader.get(fqn);
      if (r) this.putResource(r);
      else this.resources.get(orgOf(fqn))?.delete(fqn);
      byOrg.set(orgOf(fqn), [...(byOrg.get(orgOf(fqn)) ?? []), fqn]);
      if (CLUSTER_FQN.test(fqn)) {
        await this.streams.clusterChanged(fqn, r);
        // spec.bringYourOwnCa may have changed: deliver or prune cacerts.
        if (await this.ca?.refresh(fqn)) this.streams.recompute(fqn, since);
      }
    }
    for (const [org, changed] of byOrg) {
      const before = this.indexes.get(org) ?? buildIndex([]);
      const after = buildIndex([...(this.resources.get(org)?.values() ?? [])]);
      this.indexes.set(org, after);
      this.caches.delete(org);
      for (const name of affectedClusters(before, after, changed, this.streams.connectedClusters(org))) {
        if (this.streams.recompute(`${org}/clusters/${name}`, since)) recomputed.push(name);
      }
    }
    this.onRecomputed?.(recomputed.sort());
  }

  /**
   * The cluster's desired snapshot: its translation minus objects Istio would reject (so one bad
   * DIRECT object cannot make the agent fail a whole apply), versioned after `previous`.
   */
  desired(org: string, info: ClusterInfo, previous: ClusterSnapshot | undefined, mesh?: MeshView): Desired {
    // `mesh`: every known cluster of the org (groups span clusters; issue #18).
    const objs = translateCluster(this.indexes.get(org) ?? buildIndex([]), info, this.cacheOf(org), mesh);
    const invalid = new Map<string, string>();
    const valid = objs.filter((o) => {
      const v = violation(o);
      if (!v) return true;
      const fqn = o.metadata.annotations[FQN_ANNOTATION] ?? '';
      invalid.set(fqn, invalid.has(fqn) ? `${invalid.get(fqn)}; ${v}` : v);
      return false;
    });
    const cacerts = this.ca?.objectOf(`${org}/clusters/${info.name}`);
    if (cacerts) valid.push(cacerts);
    return { snapshot: buildSnapshot(valid, this.revision, previous), invalid };
  }

  /** The organization's configuration index, as translation reads it. */
  indexOf(org: string): ConfigIndex | undefined {
    return this.indexes.get(org);
  }

  private cacheOf(org: string): TranslationCache {
    let c = this.caches.get(org);
    if (!c) this.caches.set(org, (c = new Map()));
    return c;
  }
}
