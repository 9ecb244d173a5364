import { agentText } from './agent-text.js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { StoredResource, Store } from '../../store/index.js';
import { meshView, type ClusterInfo, type MeshView } from '../../translate/index.js';
import { MeshViews } from './mesh-views.js';
import type { Ack, CniReport, Hello, Inventory, ServerMessage } from '../../gen/agent-types.js';
import type { AgentSession } from './session.js';
import { applyDelta, diffSnapshot, type ClusterSnapshot, type SnapshotEntry } from './snapshot.js';
import { StatusWriter } from './status-writer.js';
import { ClusterStatusQueue, clusterStatusOf, cniNodesOf } from './cluster-status.js';
import type { ClusterState } from './cluster-state.js';
import { caStatusOf } from './ca-check.js';
import { listClusterKeys } from './credentials.js';
import { metrics } from './metrics.js';
import { clusterSpecFacts, inventoryInfo, orgOf, type PodReady } from './cluster-info.js';
import { MeshSeeds } from './mesh-seed.js';
import type { Desired, StreamsView } from './desired-state.js';
import { clusterTrust } from '../../api/index.js';

interface Log {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

/** What the streams need to know of their tunables. */
export interface StreamOptions {
  readonly replica: string;
  readonly heartbeatMs: number;
  readonly maxInitialSyncs: number;
  readonly statusFlushMs: number;
}

/** A cluster's desired snapshot, computed by the desired state (`DesiredState.desired`). */
export type DesiredOf = (org: string, info: ClusterInfo, previous: ClusterSnapshot | undefined, mesh: MeshView) => Desired;

/**
 * The agents' streams: admission (a cap on initial syncs), pushing each agent the difference
 * between what it holds and what it should hold (one version in flight at a time, coalescing),
 * ACK/NACK outcomes, inventory, heartbeats and revocation. What a cluster should hold comes from
 * `desiredOf`; which clusters to recompute, from the desired state through `StreamsView`.
 */
export class AgentStreams implements StreamsView {
  private readonly clusters = new Map<string, ClusterState>();
  /** Per-org view of every known cluster (groups span clusters, routes cross them). */
  private readonly meshes = new MeshViews<AgentSession>(
    // Live clusters, plus the last stored view of those not connected (after a restart; issue #18).
    (org) => this.seeds.infos(org, this.clusters.values()),
    (org, except) => this.recomputeOthers(org, except),
  );
  private readonly sessions = new Map<string, AgentSession>();
  private readonly waiting: AgentSession[] = [];
  private syncing = 0;
  /** Streams with a snapshot awaiting its ACK. */
  private inflight = 0;
  private beatTick = 0;
  private readonly messages = new Map<string, ServerMessage>();
  private heartbeat: NodeJS.Timeout | undefined;
  readonly statuses: StatusWriter;
  readonly clusterStatuses: ClusterStatusQueue;
  private readonly seeds: MeshSeeds;

  constructor(
    private readonly store: Store,
    private readonly log: Log,
    private readonly opts: StreamOptions,
    private readonly desiredOf: DesiredOf,
    /** Loads what desiredOf needs of a cluster before its first snapshot (its cacerts). */
    private readonly prepare: (clusterFqn: string) => Promise<unknown> = async () => undefined,
    /** Whether a pod of a cluster is ready, from the sidecar health reports (gateway health, issue #17). */
    private readonly podReady: (clusterFqn: string) => PodReady | undefined = () => undefined,
  ) {
    const onError = (err: unknown, fqn: string) => this.log.warn({ err, fqn }, 'status write failed');
    this.statuses = new StatusWriter(store, opts.statusFlushMs, onError, () => this.inflight > 0);
    this.clusterStatuses = new ClusterStatusQueue(store, onError, () => this.inflight > 0);
    this.seeds = new MeshSeeds(store, (err, org) => this.log.warn({ err, org }, 'stored mesh view unreadable'));
  }

  /** Starts the heartbeat. */
  start(): void {
    this.heartbeat = setInterval(() => this.beat(), Math.max(10, Math.floor(this.opts.heartbeatMs / 10)));
    this.heartbeat.unref();
  }

  /** Stops the heartbeat and closes every stream. */
  closeAll(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.meshes.close();
    for (const s of this.sessions.values()) s.close(GrpcStatus.UNAVAILABLE, 'management plane shutting down');
  }

  /** Flushes statuses (after the last recompute). */
  async flush(): Promise<void> {
    await this.statuses.close();
    await this.clusterStatuses.idle();
  }

  /** Number of open agent streams. */
  get connected(): number {
    return this.sessions.size;
  }

  connectedFqns(): string[] {
    return [...this.sessions.keys()];
  }

  connectedClusters(org: string): string[] {
    return [...this.sessions.values()].filter((s) => orgOf(s.clusterFqn) === org).map((s) => s.cluster);
  }

  recompute(clusterFqn: string, since: number): boolean {
    const session = this.sessions.get(clusterFqn);
    if (!session) return false;
    session.changeSince ??= since;
    this.recomputeSession(session);
    return true;
  }

  /** A Cluster was changed or deleted: drop streams whose key is gone or whose cluster is gone. */
  async clusterChanged(fqn: string, r: StoredResource | undefined): Promise<void> {
    this.clusterFacts(fqn, r);
    const session = this.sessions.get(fqn);
    if (!session) return;
    if (!r) return session.close(GrpcStatus.NOT_FOUND, `cluster ${fqn} was deleted`);
    const keys = await listClusterKeys(this.store.reader, fqn);
    if (!keys.some((k) => k.kid === session.kid)) session.close(GrpcStatus.UNAUTHENTICATED, `credential ${session.kid} was revoked`);
  }

  /** The Cluster's network or region may have changed, or it was deleted (it leaves the mesh view; issue #17). */
  private clusterFacts(fqn: string, r: StoredResource | undefined): void {
    const seeded = this.seeds.update(fqn, r);
    const state = this.clusters.get(fqn);
    if (!state) return seeded ? this.meshes.changed(orgOf(fqn), undefined) : undefined;
    if (!r) this.clusters.delete(fqn);
    else {
      state.spec = clusterSpecFacts(r.spec);
      state.info = inventoryInfo(state.info.name, state.inventory, state.spec, this.podReady(fqn));
    }
    this.meshes.changed(state.org, undefined);
  }

  /** A sidecar health report arrived: the health of the cluster's gateways may have changed (issue #17). */
  onHealth(session: AgentSession): void {
    const state = this.clusters.get(session.clusterFqn);
    if (!state?.info.gateways?.length || this.sessions.get(session.clusterFqn) !== session) return;
    const info = inventoryInfo(session.cluster, state.inventory, state.spec, this.podReady(session.clusterFqn));
    if (meshView([info]).key === meshView([state.info]).key) return;
    state.info = info;
    session.changeSince ??= Date.now();
    this.recomputeSession(session);
    this.meshes.changed(state.org, session);
  }

  /** The org's mesh view: every cluster this replica knows, with its gateways (the service registry reads it). */
  mesh(org: string): MeshView {
    return this.meshes.of(org);
  }

  /** Re-checks a cluster's streams against its keys at once (revocation on this replica). */
  async credentialsChanged(fqn: string): Promise<void> {
    await this.clusterChanged(fqn, await this.store.reader.get(fqn));
  }

  private recomputeSession(session: AgentSession): void {
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
    await this.prepare(session.clusterFqn);
    await this.seeds.load(orgOf(session.clusterFqn));
    const old = this.sessions.get(session.clusterFqn);
    if (old) {
      old.close(GrpcStatus.ALREADY_EXISTS, 'replaced by a newer connection of the same cluster');
      this.detach(old);
    }
    for (const d of hello.applied) session.held.set(d.key, { hash: d.hash, fqn: '' });
    const spec = clusterSpecFacts(res.spec);
    const state = this.clusters.get(session.clusterFqn);
    const info = inventoryInfo(session.cluster, hello.inventory, spec, this.podReady(session.clusterFqn));
    this.clusters.set(session.clusterFqn, {
      fqn: session.clusterFqn,
      org: orgOf(session.clusterFqn),
      info,
      snapshot: state?.snapshot,
      agentVersion: session.agentVersion,
      invalid: new Map(),
      spec,
      inventory: hello.inventory,
      trust: hello.inventory?.workloadTrustReported ? clusterTrust(session.cluster, hello.inventory.workloadTrust, new Date()) : undefined,
    });
    this.meshes.changed(orgOf(session.clusterFqn), session);
    this.sessions.set(session.clusterFqn, session);
    metrics.agents.set(this.sessions.size);
    this.recomputeQuietly(session);
    await this.checkCa(session, hello.inventory);
    if (this.syncing < this.opts.maxInitialSyncs) this.admit(session);
    else this.waiting.push(session);
    return true;
  }

  private recomputeQuietly(session: AgentSession): void {
    const state = this.clusters.get(session.clusterFqn);
    if (state) state.snapshot = this.desired(session, state);
  }

  private recomputeOthers(org: string, except: AgentSession | undefined): void {
    for (const s of this.sessions.values()) {
      if (s === except || orgOf(s.clusterFqn) !== org) continue;
      s.changeSince ??= Date.now();
      this.recomputeSession(s);
    }
  }

  /** The cluster's desired snapshot; resources newly found invalid there are reported FAILED at once. */
  private desired(session: AgentSession, state: ClusterState): ClusterSnapshot {
    const { snapshot: next, invalid } = this.desiredOf(state.org, state.info, state.snapshot, this.meshes.of(state.org));
    for (const [fqn, message] of invalid) {
      if (state.invalid.get(fqn) !== message) this.statuses.record(fqn, session.cluster, { state: 'rejected', version: next.version, message });
    }
    state.invalid = invalid;
    return next;
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
      m = {
        snapshot: { version: snap.version, full, upserts: upserts.map((e) => ({ key: e.key, hash: e.hash, fqn: e.fqn, json: e.json })), removes: [...removes] },
      };
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
    state.inventory = inv;
    state.info = inventoryInfo(session.cluster, inv, state.spec, this.podReady(session.clusterFqn));
    state.trust = inv.workloadTrustReported ? clusterTrust(session.cluster, inv.workloadTrust, new Date()) : undefined;
    session.changeSince ??= Date.now();
    this.recomputeSession(session);
    this.meshes.changed(state.org, session);
    if (session.synced) this.writeClusterStatus(session, true);
    // Every inventory: one without cacerts (the Secret deleted) must replace the last good fingerprints with MB4901.
    void this.checkCa(session, inv).catch((err: unknown) => this.log.warn({ err, fqn: session.clusterFqn }, 'cacerts check failed'));
  }

  /** Checks the cacerts the agent reports against the mesh root; the result goes into the cluster status. */
  private async checkCa(session: AgentSession, inv: Inventory | null | undefined): Promise<void> {
    const ca = await caStatusOf(this.store, session.clusterFqn, inv);
    const state = this.clusters.get(session.clusterFqn);
    if (!ca || !state) return;
    state.ca = ca;
    if (session.synced && this.sessions.get(session.clusterFqn) === session) this.writeClusterStatus(session, true);
  }

  /** Issue #13: the agent's CNI chain report (whole, sent when it changes) goes into the cluster status. */
  onCniReport(session: AgentSession, r: CniReport): void {
    const state = this.clusters.get(session.clusterFqn);
    if (!state) return;
    state.cni = cniNodesOf(r);
    if (session.synced && this.sessions.get(session.clusterFqn) === session) this.writeClusterStatus(session, true);
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
    this.clusterStatuses.set(session.clusterFqn, clusterStatusOf(state, session, connected, this.opts.replica));
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
