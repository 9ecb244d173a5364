import { EventEmitter } from 'node:events';
import {
  Metadata,
  credentials as grpcCredentials,
  loadPackageDefinition,
  status as GrpcStatus,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { AGENT_PROTO } from '../gen/agent-proto.js';
import type { AgentMessage, Inventory, ServerMessage, Snapshot } from '../gen/agent-types.js';
import { CACERTS_KEY, caReport, cacertsFromSecret } from './ca-report.js';
import type { ClusterCredentials } from './credentials-file.js';
import { signAgentToken } from './token.js';
import type { Sink, SinkError, SinkObject } from './sinks/sink.js';
import type { InventorySource } from './inventory/inventory.js';
import type { AgentState, StateCache } from './state-cache.js';
import { SidecarSweeper } from './health/sidecar-sweeper.js';
import { CniReporter, type CniInspector } from './cni-reporter.js';

/** Minimal structured logger (pino-compatible). */
export interface AgentLog {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

/** Everything the stream client needs, already parsed and validated. */
export interface StreamClientOptions {
  /** `host:port`, or several replicas comma-separated (tried in turn). */
  readonly managementPlane: string;
  readonly cluster: string;
  readonly credentials: ClusterCredentials;
  /** PEM of the CA that signed the server certificate; undefined = system roots; null = plaintext. */
  readonly ca: Buffer | undefined | null;
  readonly serverName?: string;
  readonly sink: Sink;
  readonly inventory: InventorySource;
  readonly cache: StateCache;
  readonly agentVersion: string;
  readonly log: AgentLog;
  readonly maxBackoffMs?: number;
  /** Sidecar health prober (issue #13); runs when the inventory lists pods. */
  readonly health?: { intervalMs?: number; concurrency?: number; timeoutMs?: number; ports?: { ready: number; agent: number } };
  /** Issue #13: inspects the nodes' CNI chains (`--cni-conf-dir`); reported on connect and when changed. */
  readonly cni?: CniInspector;
}

const PROTO_OPTIONS = { keepCase: false, longs: Number, defaults: true, oneofs: true } as const;
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

type Stream = ClientDuplexStream<AgentMessage, ServerMessage>;
type StreamClientCtor = new (
  address: string,
  creds: ReturnType<typeof grpcCredentials.createInsecure>,
  options: object,
) => Client & { connect(md: Metadata): Stream };

function clientCtor(): StreamClientCtor {
  const pkg = loadPackageDefinition(fromJSON(AGENT_PROTO, PROTO_OPTIONS)) as unknown as { meshbridge: { agent: { v1: { AgentStream: StreamClientCtor } } } };
  return pkg.meshbridge.agent.v1.AgentStream;
}

/** Validates that an object matches its key, so a confused server cannot write elsewhere. */
function checkObject(key: string, o: Record<string, unknown>): string | undefined {
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  if (`${String(md.namespace)}/${String(o.kind)}/${String(md.name)}` !== key) return `object does not match its key ${key}`;
  // The core group has no group part: only istiod's cacerts Secret is expected from it (issue #16).
  if (o.apiVersion === 'v1' && o.kind === 'Secret' && key === CACERTS_KEY) return undefined;
  if (typeof o.apiVersion !== 'string' || !o.apiVersion.includes('/')) return 'apiVersion must be group/version';
  return undefined;
}

/**
 * The agent's side of the stream: connects with a freshly signed token, says what it holds,
 * applies each snapshot through the sink, caches it on disk, then ACKs (or NACKs with per-object
 * errors). Reconnects with backoff forever; while disconnected the sink keeps what it has.
 * Events: 'connected', 'applied' ({version, errors, upserts, removes}), 'apply-failed' ({version, message}),
 * 'disconnected' ({code, details}).
 */
export class StreamClient extends EventEmitter {
  private state: AgentState = { version: '', objects: new Map() };
  private stopped = false;
  private stream: Stream | undefined;
  /** One client per management-plane address (replicas); `current` is the one to dial next. */
  private clients: (Client & { connect(md: Metadata): Stream })[] = [];
  private current = 0;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** The stream health reports go to: set once the server welcomed us. */
  private healthStream: Stream | undefined;
  /** Probes the sidecars the inventory lists; undefined when the inventory has no pods. */
  readonly sweeper: SidecarSweeper | undefined;
  private readonly cni: CniReporter | undefined;
  private cniBusy = false;
  /** The inventory (as JSON) each stream last carried, so only changes are sent. */
  private readonly sentInventory = new WeakMap<Stream, string>();

  constructor(private readonly opts: StreamClientOptions) {
    super();
    this.cni = opts.cni && new CniReporter(opts.cni);
    const inv = opts.inventory;
    if (inv.pods) {
      this.sweeper = new SidecarSweeper({
        ...opts.health,
        pods: () => inv.pods!(),
        onReport: (r) => {
          const st = this.healthStream;
          if (st && !st.writableEnded) st.write({ healthReport: r });
          // Nobody took it: the next stream starts with a full report.
          else this.sweeper?.resetStream();
          this.emit('health', r);
        },
      });
    }
  }

  /** Loads the cache, repairs the sink from it and starts the connect loop. */
  async start(): Promise<void> {
    this.state = await this.opts.cache.load();
    const repaired = await this.opts.sink.repair([...this.state.objects.values()]);
    this.opts.log.info({ version: this.state.version, objects: this.state.objects.size, repaired }, 'loaded cached snapshot');
    const Ctor = clientCtor();
    const creds = this.opts.ca === null ? grpcCredentials.createInsecure() : grpcCredentials.createSsl(this.opts.ca ?? null);
    this.clients = this.opts.managementPlane.split(',').map(
      (address) =>
        new Ctor(address.trim(), creds, {
          'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
          'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
          ...(this.opts.serverName ? { 'grpc.ssl_target_name_override': this.opts.serverName } : {}),
        }),
    );
    this.loop = this.run();
    this.sweeper?.start((e) => this.opts.log.warn({ err: e.message }, 'sidecar sweep failed; keeping the last results'));
  }

  /** The version last applied. */
  get version(): string {
    return this.state.version;
  }

  /** Stops reconnecting and closes the stream. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.sweeper?.stop();
    this.stream?.cancel();
    this.wake?.();
    await this.loop;
    for (const c of this.clients) c.close();
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      const synced = await this.session().catch((e: unknown) => {
        this.opts.log.warn({ err: (e as Error).message }, 'stream failed');
        return false;
      });
      if (this.stopped) break;
      // A replica that could not be reached (or refused us) is skipped for the next one.
      if (!synced) this.current = (this.current + 1) % this.clients.length;
      backoff = synced ? 200 : Math.min(backoff * 2, this.opts.maxBackoffMs ?? 10_000);
      const delay = backoff / 2 + Math.random() * (backoff / 2);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** One stream's life; resolves true when it applied at least one message before ending. */
  private async session(): Promise<boolean> {
    const md = new Metadata();
    md.set('authorization', `Bearer ${await signAgentToken(this.opts.credentials)}`);
    const inventory = this.withCa(await this.opts.inventory.read());
    const stream = this.clients[this.current].connect(md);
    // Until the real handlers below are attached, an early failure must not crash the process.
    let early: ServiceError | undefined;
    stream.on('error', (e: ServiceError) => (early ??= e));
    this.stream = stream;
    const link = { lastHeard: Date.now(), heartbeatMs: 10_000 };
    let useful = false;
    let failed = false;
    let applying = Promise.resolve();
    this.sentInventory.set(stream, JSON.stringify(inventory));
    stream.write({
      hello: {
        cluster: this.opts.cluster,
        agentVersion: this.opts.agentVersion,
        ackedVersion: this.state.version,
        applied: [...this.state.objects.values()].map((o) => ({ key: o.key, hash: o.hash })),
        inventory,
      },
    });
    const stopKeepAlive = this.keepAlive(stream, link);
    return new Promise<boolean>((resolve) => {
      stream.on('data', (m: ServerMessage) => {
        link.lastHeard = Date.now();
        if (m.welcome) {
          link.heartbeatMs = m.welcome.heartbeatIntervalMs || link.heartbeatMs;
          useful = true;
          this.healthStream = stream;
          // A new stream: the server rebuilds its view from a full report.
          if (this.sweeper?.current.size) stream.write({ healthReport: this.sweeper.fullReport() });
          else this.sweeper?.resetStream();
          this.reportCni(stream, true);
          this.emit('connected', m.welcome.serverId);
        } else if (m.sweepRequest) {
          const id = m.sweepRequest.requestId;
          this.sweeper?.sweepNow(id).catch((e: unknown) => this.opts.log.warn({ err: (e as Error).message }, 'sidecar sweep failed'));
        } else if (m.snapshot) {
          const snap = m.snapshot;
          // Once a snapshot failed the stream is being dropped: later ones would apply on top of
          // a state the server no longer matches, so they wait for the reconnect.
          applying = applying.then(async () => {
            if (failed) return;
            try {
              await this.apply(stream, snap);
            } catch (e) {
              failed = true;
              useful = false;
              this.applyFailed(stream, snap, e);
            }
          });
        }
      });
      let finished = false;
      const finish = (err?: ServiceError): void => {
        if (finished) return;
        finished = true;
        stopKeepAlive();
        if (this.stream === stream) this.stream = undefined;
        if (this.healthStream === stream) this.healthStream = undefined;
        this.disconnected(err);
        void applying.finally(() => resolve(useful));
      };
      stream.on('error', (e: ServiceError) => finish(e));
      stream.on('end', () => finish());
      if (early) finish(early);
    });
  }

  /** Sends the CNI chain state when it changed (always on a new stream); one inspection at a time. */
  private reportCni(stream: Stream, force: boolean): void {
    if (!this.cni || (this.cniBusy && !force)) return;
    this.cniBusy = true;
    this.cni
      .next(force)
      .then(
        (r) => {
          if (r && !stream.writableEnded) stream.write({ cniReport: r });
        },
        (err: unknown) => this.opts.log.warn({ err: (err as Error).message }, 'CNI chain inspection failed; not reported'),
      )
      .finally(() => (this.cniBusy = false));
  }

  /**
   * Sends the inventory when it differs from the last one this stream carried. Watches fire on
   * every re-list (every 30 s on Kubernetes, and on each Service event), and each inventory the
   * server receives is a cluster-status write and a mesh-view recompute: an unchanged one is
   * neither sent nor written.
   */
  private sendInventory(stream: Stream, inv: Inventory): void {
    const text = JSON.stringify(inv);
    if (this.sentInventory.get(stream) === text || stream.writableEnded) return;
    this.sentInventory.set(stream, text);
    stream.write({ inventory: inv });
  }

  /** Sends heartbeats and inventory changes, and cancels the stream when the server goes quiet for three intervals. */
  private keepAlive(stream: Stream, link: { lastHeard: number; heartbeatMs: number }): () => void {
    const stopWatch = this.opts.inventory.watch(() => {
      this.opts.inventory.read().then(
        (inv) => this.sendInventory(stream, this.withCa(inv)),
        (err: unknown) => this.opts.log.warn({ err: (err as Error).message }, 'inventory unreadable; keeping the last one'),
      );
    });
    let lastSent = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - link.lastHeard > 3 * link.heartbeatMs) stream.cancel();
      else if (now - lastSent >= link.heartbeatMs) {
        lastSent = now;
        stream.write({ heartbeat: { sentAtMs: now } });
        this.reportCni(stream, false);
      }
    }, 250);
    return () => {
      clearInterval(timer);
      stopWatch();
    };
  }

  private disconnected(err: ServiceError | undefined): void {
    const code = err?.code ?? GrpcStatus.OK;
    // Our own stop() cancels the stream: nothing to warn about.
    if (this.stopped) this.opts.log.info({ code }, 'stream closed: agent stopping');
    else if (code === GrpcStatus.UNAUTHENTICATED || code === GrpcStatus.PERMISSION_DENIED)
      this.opts.log.error({ code, details: err?.details }, 'management plane rejected this agent');
    else this.opts.log.warn({ code, details: err?.details }, 'disconnected from the management plane; serving the cached snapshot');
    this.emit('disconnected', { code, details: err?.details ?? '' });
  }

  /**
   * A snapshot could not be applied as a whole (sink or cache threw, or the sink asked for a retry):
   * NACK every object it carried with the reason, so their statuses show it, and end the stream.
   * The state (memory and cache) is still the previous one, so the reconnect's Hello makes the
   * server send the difference again; the backoff loop paces the retries.
   */
  private applyFailed(stream: Stream, snap: Snapshot, e: unknown): void {
    const message = `snapshot ${snap.version} not applied, will retry: ${e instanceof Error ? e.message : String(e)}`;
    this.opts.log.error({ version: snap.version, err: message }, 'snapshot failed (NACK); reconnecting to retry');
    const errors = snap.upserts.length > 0 ? snap.upserts.map((r) => ({ key: r.key, fqn: r.fqn, message })) : [{ key: '', fqn: '', message }];
    if (!stream.writableEnded) {
      stream.write({ ack: { version: snap.version, ok: false, errors } });
      // Half-close: the NACK is delivered first, then the server ends the stream and we reconnect.
      stream.end();
    }
    this.emit('apply-failed', { version: snap.version, message });
  }

  /**
   * The inventory with the cacerts this cluster holds: the Secret meshbridge delivered (from the
   * applied state), else whatever the inventory found (a cluster that brings its own CA).
   */
  private withCa(inv: Inventory): Inventory {
    const held = this.state.objects.get(CACERTS_KEY);
    if (!held) return inv;
    try {
      return { ...inv, ca: caReport(cacertsFromSecret(held.object), 'meshbridge') };
    } catch (e) {
      this.opts.log.warn({ err: (e as Error).message }, 'delivered cacerts unreadable; not reported');
      return inv;
    }
  }

  /** Parses and checks the upserts of a snapshot; a bad one is a per-object error, not a crash. */
  private parseUpserts(snap: Snapshot, errors: SinkError[]): SinkObject[] {
    const upserts: SinkObject[] = [];
    for (const r of snap.upserts) {
      let object: Record<string, unknown>;
      try {
        object = JSON.parse(r.json.toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        errors.push({ key: r.key, fqn: r.fqn, message: `not valid JSON: ${(e as Error).message}` });
        continue;
      }
      const bad = checkObject(r.key, object);
      if (bad) errors.push({ key: r.key, fqn: r.fqn, message: bad });
      else upserts.push({ key: r.key, hash: r.hash, fqn: r.fqn, object });
    }
    return upserts;
  }

  /** Applies one snapshot, saves it to the cache, then acknowledges it; throws when it must be retried. */
  private async apply(stream: Stream, snap: Snapshot): Promise<void> {
    const errors: SinkError[] = [];
    const upserts = this.parseUpserts(snap, errors);
    errors.push(...(await this.opts.sink.apply(upserts, snap.removes, snap.full)));
    const retry = errors.filter((e) => e.retry);
    if (retry.length > 0) throw new Error(retry.map((e) => e.message).join('; '));
    const failed = new Set(errors.map((e) => e.key));
    // The new state is committed in memory only once it is on disk, so a failed save is retried.
    const next: AgentState = { version: snap.version, objects: snap.full ? new Map() : new Map(this.state.objects) };
    for (const k of snap.removes) next.objects.delete(k);
    for (const o of upserts) if (!failed.has(o.key)) next.objects.set(o.key, o);
    await this.opts.cache.save(next);
    this.state = next;
    this.opts.log.info(
      {
        version: snap.version,
        full: snap.full,
        applied: upserts.filter((o) => !failed.has(o.key)).map((o) => `${o.key}@${o.hash}`),
        removed: snap.removes,
        errors,
      },
      errors.length ? 'snapshot applied with errors (NACK)' : 'snapshot applied',
    );
    stream.write({ ack: { version: snap.version, ok: errors.length === 0, errors } });
    // The cacerts held changed: report its fingerprints (the inventory carries them).
    if (upserts.some((o) => o.key === CACERTS_KEY) || snap.removes.includes(CACERTS_KEY)) {
      this.opts.inventory.read().then(
        (inv) => this.sendInventory(stream, this.withCa(inv)),
        (err: unknown) => this.opts.log.warn({ err: (err as Error).message }, 'inventory unreadable; cacerts fingerprints not reported'),
      );
    }
    this.emit('applied', { version: snap.version, errors, upserts: upserts.length, removes: snap.removes.length });
  }
}
