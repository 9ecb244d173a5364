import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Feed } from '../contracts.js';
import type { Change, StoredResource, Store } from '../../store/index.js';
import { FQN_ANNOTATION, affectedClusters, buildIndex, translateCluster, type ClusterInfo, type ConfigIndex, type ConfigResource, type TranslationCache } from '../../translate/index.js';
import { violation } from './validity.js';
import type { Ack, Hello, Inventory, ServerMessage } from '../../gen/agent-types.js';
import type { AgentSession } from './session.js';
import { applyDelta, buildSnapshot, diffSnapshot, type ClusterSnapshot, type SnapshotEntry } from './snapshot.js';
import { StatusWriter } from './status-writer.js';
import { ClusterStatusQueue } from './cluster-status.js';
import { Debouncer } from './debouncer.js';
import { listClusterKeys } from './credentials.js';
import { metrics } from './metrics.js';
import { agentText } from './agent-text.js';
import { CLUSTER_FQN, inventoryInfo, orgOf } from './cluster-info.js';

/** Tunables, with the defaults the issue asks for. */
export interface DistributorOptions {
  readonly replica: string;
  readonly heartbeatMs: number;
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly maxInitialSyncs: number;
  readonly statusFlushMs: number;
  /** Called after each batch of changes with the clusters it recomputed (observability, tests). */
  readonly onRecomputed?: (clusters: readonly string[]) => void;
}

export const DEFAULT_OPTIONS: Omit<DistributorOptions, 'replica'> = { heartbeatMs: 10_000, debounceMs: 100, maxWaitMs: 1_000, maxInitialSyncs: 64, statusFlushMs: 250 };

interface Log {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

interface ClusterState {
  readonly fqn: string;
  readonly org: string;
  info: ClusterInfo;
  snapshot: ClusterSnapshot | undefined;
  agentVersion: string;
  /** Resources whose objects failed Istio validation here (FQN → reason); never sent. */
  invalid: Map<string, string>;
}

/**
 * The per-cluster desired state and the agents' streams: learns changes from the feed, debounces
 * them, recomputes only the clusters they affect, and pushes each agent the difference between
 * what it holds and what it should hold, one version in flight at a time.
 */
export class Distributor {
  private readonly resources = new Map<string, Map<string, ConfigResource>>();
  private readonly indexes = new Map<string, ConfigIndex>();
  /** Per-org translation memo, valid for the org's current index. */
  private readonly caches = new Map<string, TranslationCache>();
  private readonly clusters = new Map<string, ClusterState>();
  private readonly sessions = new Map<string, AgentSession>();
  private readonly waiting: AgentSession[] = [];
  private syncing = 0;
  /** Streams with a snapshot awaiting its ACK. */
  private inflight = 0;
  private beatTick = 0;
  private readonly messages = new Map<string, ServerMessage>();
  private revision = 0;
  private pending = new Set<string>();
  private changeSeenAt: number | undefined;
  private readonly debouncer: Debouncer;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  readonly statuses: StatusWriter;
  readonly clusterStatuses: ClusterStatusQueue;

  constructor(
    private readonly store: Store,
    private readonly feed: Feed,
    private readonly log: Log,
    readonly opts: DistributorOptions,
  ) {
    this.debouncer = new Debouncer(opts.debounceMs, opts.maxWaitMs, () => this.enqueue(() => this.applyPending()));
    const onError = (err: unknown, fqn: string) => this.log.warn({ err, fqn }, 'status write failed');
    this.statuses = new StatusWriter(store, opts.statusFlushMs, onError, () => this.inflight > 0);
    this.clusterStatuses = new ClusterStatusQueue(store, onError, () => this.inflight > 0);
  }

  /** Loads every resource, then follows the feed from the revision loaded. */
  async start(): Promise<void> {
    const from = await this.store.currentRevision();
    for (const r of await this.store.reader.listUnder('')) this.putResource(r);
    for (const org of this.resources.keys()) this.indexes.set(org, buildIndex([...(this.resources.get(org)?.values() ?? [])]));
    this.revision = from;
    this.unsubscribe = this.feed.subscribe(from, (changes) => this.onChanges(changes));
    this.heartbeat = setInterval(() => this.beat(), Math.max(10, Math.floor(this.opts.heartbeatMs / 10)));
    this.heartbeat.unref();
  }

  /** Closes every stream and flushes statuses. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.debouncer.cancel();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.sessions.values()) s.close(GrpcStatus.UNAVAILABLE, 'management plane shutting down');
    await this.chain;
    await this.statuses.close();
    await this.clusterStatuses.idle();
  }

  /** Number of open agent streams. */
  get connected(): number {
    return this.sessions.size;
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
      if (CLUSTER_FQN.test(fqn)) await this.clusterChanged(fqn, r);
    }
    for (const [org, changed] of byOrg) {
      const before = this.indexes.get(org) ?? buildIndex([]);
      const after = buildIndex([...(this.resources.get(org)?.values() ?? [])]);
      this.indexes.set(org, after);
      this.caches.delete(org);
      const names = [...this.sessions.values()].filter((s) => orgOf(s.clusterFqn) === org).map((s) => s.cluster);
      for (const name of affectedClusters(before, after, changed, names)) {
        const session = this.sessions.get(`${org}/clusters/${name}`);
        if (!session) continue;
        session.changeSince ??= since;
        this.recompute(session);
        recomputed.push(name);
      }
    }
    this.opts.onRecomputed?.(recomputed.sort());
  }

  /** A Cluster was changed or deleted: drop streams whose key is gone or whose cluster is gone. */
  private async clusterChanged(fqn: string, r: StoredResource | undefined): Promise<void> {
    const session = this.sessions.get(fqn);
    if (!session) return;
    if (!r) return session.close(GrpcStatus.NOT_FOUND, `cluster ${fqn} was deleted`);
    const keys = await listClusterKeys(this.store.reader, fqn);
    if (!keys.some((k) => k.kid === session.kid)) session.close(GrpcStatus.UNAUTHENTICATED, `credential ${session.kid} was revoked`);
  }

  /** Re-checks a cluster's streams against its keys at once (revocation on this replica). */
  async credentialsChanged(fqn: string): Promise<void> {
    await this.clusterChanged(fqn, await this.store.reader.get(fqn));
  }

  private recompute(session: AgentSession): void {
    const state = this.clusters.get(session.clusterFqn);
    if (!state) return;
    const before = state.snapshot;
    const next = this.desired(session, state);
    if (next === before) return;
    state.snapshot = next;
    this.markPending(session, before, next);
    this.push(session);
  }

  /** Resources whose objects changed in this cluster go back to ACCEPTED until the agent answers. */
  private markPending(session: AgentSession, before: ClusterSnapshot | undefined, next: ClusterSnapshot): void {
    if (!session.synced) return;
    const fqns = new Set<string>();
    for (const [fqn, keys] of next.byFqn) if (keys.some((k) => before?.entries.get(k)?.hash !== next.entries.get(k)?.hash)) fqns.add(fqn);
    for (const fqn of before?.byFqn.keys() ?? []) if (!next.byFqn.has(fqn)) fqns.add(fqn);
    for (const fqn of fqns) if (fqn) this.statuses.record(fqn, session.cluster, { state: 'pending', version: next.version });
  }

  /** Registers a verified stream after its Hello. Returns false when the cluster does not exist. */
  async attach(session: AgentSession, hello: Hello): Promise<boolean> {
    const res = await this.store.reader.get(session.clusterFqn);
    if (!res) return false;
    const old = this.sessions.get(session.clusterFqn);
    if (old) {
      old.close(GrpcStatus.ALREADY_EXISTS, 'replaced by a newer connection of the same cluster');
      this.detach(old);
    }
    for (const d of hello.applied) session.held.set(d.key, { hash: d.hash, fqn: '' });
    const trustDomain = typeof res.spec.trustDomain === 'string' ? res.spec.trustDomain : undefined;
    const state = this.clusters.get(session.clusterFqn);
    const info = inventoryInfo(session.cluster, hello.inventory, trustDomain);
    this.clusters.set(session.clusterFqn, { fqn: session.clusterFqn, org: orgOf(session.clusterFqn), info, snapshot: state?.snapshot, agentVersion: session.agentVersion, invalid: new Map() });
    this.sessions.set(session.clusterFqn, session);
    metrics.agents.set(this.sessions.size);
    this.recomputeQuietly(session);
    if (this.syncing < this.opts.maxInitialSyncs) this.admit(session);
    else this.waiting.push(session);
    return true;
  }

  private recomputeQuietly(session: AgentSession): void {
    const state = this.clusters.get(session.clusterFqn);
    if (state) state.snapshot = this.desired(session, state);
  }

  /**
   * The cluster's desired snapshot: its translation minus objects Istio would reject (so one bad
   * DIRECT object cannot make the agent fail a whole apply); those are reported FAILED at once.
   */
  private desired(session: AgentSession, state: ClusterState): ClusterSnapshot {
    const objs = translateCluster(this.indexes.get(state.org) ?? buildIndex([]), state.info, this.cacheOf(state.org));
    const invalid = new Map<string, string>();
    const valid = objs.filter((o) => {
      const v = violation(o);
      if (!v) return true;
      const fqn = o.metadata.annotations[FQN_ANNOTATION] ?? '';
      invalid.set(fqn, invalid.has(fqn) ? `${invalid.get(fqn)}; ${v}` : v);
      return false;
    });
    const next = buildSnapshot(valid, this.revision, state.snapshot);
    for (const [fqn, message] of invalid) {
      if (state.invalid.get(fqn) !== message) this.statuses.record(fqn, session.cluster, { state: 'rejected', version: next.version, message });
    }
    state.invalid = invalid;
    return next;
  }

  private cacheOf(org: string): TranslationCache {
    let c = this.caches.get(org);
    if (!c) this.caches.set(org, (c = new Map()));
    return c;
  }

  private admit(session: AgentSession): void {
    session.admitted = true;
    this.syncing++;
    metrics.syncing.set(this.syncing);
    this.push(session);
  }

  private releaseSlot(): void {
    this.syncing--;
    let next = this.waiting.shift();
    while (next && next.closed) next = this.waiting.shift();
    if (next) this.admit(next);
    metrics.syncing.set(this.syncing);
  }

  /** Sends the agent what differs, unless a version is already in flight (then it is coalesced). */
  private push(session: AgentSession): void {
    const snap = this.clusters.get(session.clusterFqn)?.snapshot;
    if (!snap || !session.admitted || session.closed) return;
    if (session.inflight) {
      session.wantPush = true;
      return;
    }
    session.wantPush = false;
    const { upserts, removes } = diffSnapshot(session.held, snap);
    if (upserts.length === 0 && removes.length === 0) {
      session.ackedVersion = snap.version;
      session.changeSince = undefined;
      if (!session.synced) this.markSynced(session);
      return;
    }
    const full = session.held.size === 0 && !session.synced;
    session.inflight = { snapshot: snap, upserts, removes, full, since: session.changeSince ?? Date.now() };
    this.inflight++;
    metrics.pushes.inc({ kind: full ? 'full' : 'delta' });
    session.send(this.message(snap, full, upserts, removes));
  }

  /** The Snapshot message for a delta, shared by every stream that needs the same one (encoded once). */
  private message(snap: ClusterSnapshot, full: boolean, upserts: readonly SnapshotEntry[], removes: readonly string[]): ServerMessage {
    const key = `${snap.version}|${full}|${upserts.map((e) => e.hash).join(',')}|${removes.join(',')}`;
    let m = this.messages.get(key);
    if (!m) {
      if (this.messages.size > 256) this.messages.clear();
      m = { snapshot: { version: snap.version, full, upserts: upserts.map((e) => ({ key: e.key, hash: e.hash, fqn: e.fqn, json: e.json })), removes: [...removes] } };
      this.messages.set(key, m);
    }
    return m;
  }

  /** Handles an ACK or NACK of the version in flight. */
  onAck(session: AgentSession, ack: Ack): void {
    const sent = session.inflight;
    if (!sent || sent.snapshot.version !== ack.version) return;
    session.inflight = undefined;
    this.inflight--;
    const removedFqns = sent.removes.map((k) => session.held.get(k)?.fqn ?? '');
    applyDelta(session.held, sent.upserts, sent.removes, sent.full);
    session.ackedVersion = ack.version;
    metrics.convergence.observe((Date.now() - sent.since) / 1000);
    session.changeSince = undefined;
    if (!ack.ok) metrics.nacks.inc();
    this.recordOutcome(session, sent.snapshot, [...sent.upserts.map((e) => e.fqn), ...removedFqns], ack);
    if (!session.synced) this.markSynced(session);
    if (session.wantPush || this.clusters.get(session.clusterFqn)?.snapshot !== sent.snapshot) this.push(session);
  }

  private recordOutcome(session: AgentSession, snap: ClusterSnapshot, fqns: readonly string[], ack: Ack): void {
    const errors = new Map<string, string>();
    for (const e of ack.errors) errors.set(e.fqn, agentText(`${e.key}: ${e.message}`));
    const invalid = this.clusters.get(session.clusterFqn)?.invalid;
    for (const fqn of new Set(fqns)) {
      if (!fqn) continue;
      const message = [errors.get(fqn), invalid?.get(fqn)].filter(Boolean).join('; ') || undefined;
      const state = message ? 'rejected' : !snap.byFqn.has(fqn) ? 'removed' : 'applied';
      this.statuses.record(fqn, session.cluster, { state, version: snap.version, message });
    }
  }

  private markSynced(session: AgentSession): void {
    session.synced = true;
    if (session.admitted) this.releaseSlot();
    this.writeClusterStatus(session, true);
  }

  /** Records the agent's latest inventory and recomputes its cluster. */
  onInventory(session: AgentSession, inv: Inventory): void {
    const state = this.clusters.get(session.clusterFqn);
    if (!state) return;
    state.info = inventoryInfo(session.cluster, inv, state.info.trustDomain);
    session.changeSince ??= Date.now();
    this.recompute(session);
    if (session.synced) this.writeClusterStatus(session, true);
  }

  /** An agent heartbeat: refreshes the cluster's last-seen time, at most once a minute. */
  onHeartbeat(session: AgentSession): void {
    if (session.synced && Date.now() - session.statusAt >= 60_000) this.writeClusterStatus(session, true);
  }

  /** Forgets a closed stream. */
  detach(session: AgentSession): void {
    if (session.inflight) {
      session.inflight = undefined;
      this.inflight--;
    }
    session.closed = true;
    if (this.sessions.get(session.clusterFqn) !== session) return;
    this.sessions.delete(session.clusterFqn);
    metrics.agents.set(this.sessions.size);
    if (session.admitted && !session.synced) this.releaseSlot();
    this.writeClusterStatus(session, false);
  }

  private writeClusterStatus(session: AgentSession, connected: boolean): void {
    const state = this.clusters.get(session.clusterFqn);
    if (!state) return;
    session.statusAt = Date.now();
    const onboarded = session.synced || !connected;
    this.clusterStatuses.set(session.clusterFqn, {
      status: onboarded ? 'READY' : 'ACCEPTED',
      message: connected ? 'Cluster onboarded' : 'Cluster onboarded; agent disconnected (it keeps serving its last snapshot)',
      lastEvent: connected ? 'AGENT_SYNCED' : 'AGENT_DISCONNECTED',
      connected,
      lastSeen: new Date(session.lastHeard).toISOString(),
      agentVersion: session.agentVersion,
      version: session.ackedVersion,
      replica: this.opts.replica,
      namespaces: state.info.namespaces,
      services: (state.info.services ?? []).map((s) => `${s.namespace}/${s.name}`),
    });
  }

  /**
   * Sends heartbeats and drops streams that stayed silent for three intervals. Runs ten times per
   * interval, each time for a tenth of the streams, so thousands of heartbeats never land in one
   * burst on top of a rollout.
   */
  private beat(): void {
    const now = Date.now();
    const slice = this.beatTick++ % 10;
    let i = 0;
    for (const s of [...this.sessions.values()]) {
      if (i++ % 10 !== slice) continue;
      if (now - s.lastHeard > 3 * this.opts.heartbeatMs) {
        s.close(GrpcStatus.UNAVAILABLE, 'no heartbeat from the agent for three intervals');
        this.detach(s);
      } else s.send({ heartbeat: { sentAtMs: now } });
    }
  }
}
