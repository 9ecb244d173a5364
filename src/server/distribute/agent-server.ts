import {
  Server,
  ServerCredentials,
  loadPackageDefinition,
  status as GrpcStatus,
  type GrpcObject,
  type ServerDuplexStream,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { ClusterErrors, MeshError, isMeshError } from '../../api/index.js';
import type { Store } from '../../store/index.js';
import { AGENT_PROTO } from '../../gen/agent-proto.js';
import type { AgentMessage, ServerMessage } from '../../gen/agent-types.js';
import { verifyAgentToken } from './credentials.js';
import type { Distributor } from './distributor.js';
import { agentText } from './agent-text.js';
import { AgentSession } from './session.js';
import type { FleetHealth } from '../health/index.js';

/** proto-loader options shared with the agent: camelCase fields, int64 as numbers, oneof names. */
export const PROTO_OPTIONS = { keepCase: false, longs: Number, defaults: true, oneofs: true } as const;
/** Snapshots of big clusters exceed gRPC's 4 MiB default. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function agentService(): ServiceDefinition {
  const pkg = loadPackageDefinition(fromJSON(AGENT_PROTO, PROTO_OPTIONS)) as unknown as { meshbridge: { agent: { v1: GrpcObject } } };
  const def = (pkg.meshbridge.agent.v1.AgentStream as unknown as { service: ServiceDefinition }).service;
  // The distributor hands the same message object to every stream that needs the same delta:
  // encode it once.
  const out: Record<string, ServiceDefinition[string]> = {};
  for (const [name, method] of Object.entries(def)) {
    const memo = new WeakMap<object, Buffer>();
    const encode = method.responseSerialize;
    out[name] = {
      ...method,
      responseSerialize: (v: object) => {
        let b = memo.get(v);
        if (!b) memo.set(v, (b = encode(v)));
        return b;
      },
    };
  }
  return out as ServiceDefinition;
}

/** `:9443`, `0.0.0.0:9443`, `127.0.0.1:0` → gRPC bind address. */
export function bindAddress(listen: string): string {
  const m = /^(.*):(\d+)$/.exec(listen.trim());
  if (!m) throw new MeshError(ClusterErrors.AgentListenFailed, `--agent-listen ${JSON.stringify(listen)}: expected [host]:port`, { field: 'agent-listen' });
  const host = m[1] === '' ? '0.0.0.0' : m[1];
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${m[2]}`;
}

type Call = ServerDuplexStream<AgentMessage, ServerMessage>;

/**
 * Handles a stream's messages one at a time, in arrival order; a failure goes to `onFailure`, never
 * unhandled. Returns a function resolving once every message received so far has been handled.
 */
function inOrder(call: Call, handle: (m: AgentMessage) => Promise<void>, onFailure: (e: unknown) => void): () => Promise<void> {
  let queue = Promise.resolve();
  call.on('data', (m: AgentMessage) => {
    queue = queue.then(() => handle(m)).catch(onFailure);
  });
  return () => queue;
}

function route(distributor: Distributor, s: AgentSession, m: AgentMessage, health: FleetHealth | undefined): void {
  if (m.healthReport) {
    health?.apply(s.clusterFqn, m.healthReport);
    distributor.onHealth(s);
  } else if (m.ack) distributor.onAck(s, m.ack);
  else if (m.inventory) distributor.onInventory(s, m.inventory);
  else if (m.heartbeat) distributor.onHeartbeat(s);
  else if (m.cniReport) distributor.onCniReport(s, m.cniReport);
}

/** Handles one Connect stream: authenticate, wait for Hello, then route messages to the distributor. */
function handleConnect(call: Call, store: Store, distributor: Distributor, log: { warn(o: object, m?: string): void }, health?: FleetHealth): void {
  const header = String(call.metadata.get('authorization')[0] ?? '');
  const token = header.replace(/^Bearer\s+/i, '');
  let session: AgentSession | undefined;
  const buffered: AgentMessage[] = [];
  // Once failed, nothing more on this stream reaches the distributor: not the messages buffered
  // before the session existed, nor later ones (they would act on a session that is not attached).
  let failed = false;
  const fail = (code: GrpcStatus, details: string): void => {
    failed = true;
    buffered.length = 0;
    if (!call.writableEnded) call.emit('error', { code, details });
  };
  const auth = verifyAgentToken(store.reader, token).catch((e: unknown) => {
    const msg = isMeshError(e) ? `[${e.code}] ${e.message}` : String(e);
    log.warn({ peer: call.getPeer(), reason: msg }, 'agent rejected');
    fail(GrpcStatus.UNAUTHENTICATED, msg);
    return undefined;
  });
  const onMessage = async (m: AgentMessage): Promise<void> => {
    const id = await auth;
    if (!id || failed) return;
    if (session) session.lastHeard = Date.now();
    if (m.hello && !session) {
      const name = id.clusterFqn.slice(id.clusterFqn.lastIndexOf('/') + 1);
      if (m.hello.cluster !== name && m.hello.cluster !== id.clusterFqn) {
        return fail(
          GrpcStatus.PERMISSION_DENIED,
          `[${ClusterErrors.ClusterMismatch.code}] credentials are for ${id.clusterFqn}, the agent says it is ${m.hello.cluster}`,
        );
      }
      session = new AgentSession(call, id.clusterFqn, id.kid, agentText(m.hello.agentVersion, 64), m.hello.ackedVersion);
      session.send({ welcome: { serverId: distributor.opts.replica, heartbeatIntervalMs: distributor.opts.heartbeatMs, currentVersion: '' } });
      if (!(await distributor.attach(session, m.hello))) return fail(GrpcStatus.NOT_FOUND, `cluster ${id.clusterFqn} does not exist`);
      // The agent went away while attach was reading the store: do not leave a dead session attached.
      if (closed) return distributor.detach(session);
      const s = session;
      sendHealth = (msg) => s.send(msg);
      health?.attach(s.clusterFqn, sendHealth);
      for (const b of buffered.splice(0)) route(distributor, session, b, health);
      return;
    }
    if (!session) buffered.push(m);
    else route(distributor, session, m, health);
  };
  // A rejection (e.g. the store unreachable during attach) must not go unhandled — Node would exit
  // and take the whole management plane down. It fails this stream only; the agent reconnects
  // with backoff and says again what it holds.
  const handled = inOrder(call, onMessage, (e: unknown) => {
    const reason = e instanceof Error ? e.message : String(e);
    log.warn({ peer: call.getPeer(), cluster: session?.clusterFqn, err: reason }, 'agent stream failed; the agent will reconnect');
    fail(GrpcStatus.UNAVAILABLE, `the management plane could not serve this stream (${reason}); reconnect and retry`);
  });
  let closed = false;
  let sendHealth: ((m: ServerMessage) => void) | undefined;
  const done = (): void => {
    closed = true;
    if (session) distributor.detach(session);
    if (session && sendHealth) health?.detach(session.clusterFqn, sendHealth);
  };
  // A half-close ends the stream only after what the agent sent before it was handled: its Hello
  // may still be waiting for the token check, and its last ACK must not be dropped.
  call.on('end', () => {
    void handled().then(() => {
      done();
      if (!call.writableEnded) call.end();
    });
  });
  call.on('cancelled', done);
  call.on('error', done);
  call.on('close', done);
}

/** The gRPC listener agents connect to. */
export interface AgentServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts listening for agents on `listen` with the server's TLS material (plaintext only without it). */
export async function startAgentServer(opts: {
  listen: string;
  tls: { cert: string; key: string } | null;
  store: Store;
  distributor: Distributor;
  log: { warn(o: object, m?: string): void };
  /** Receives the agents' sidecar health reports (issue #13). */
  health?: FleetHealth;
}): Promise<AgentServer> {
  const server = new Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES, 'grpc.max_send_message_length': MAX_MESSAGE_BYTES });
  server.addService(agentService(), { connect: (call: Call) => handleConnect(call, opts.store, opts.distributor, opts.log, opts.health) });
  const creds = opts.tls
    ? ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(opts.tls.cert), private_key: Buffer.from(opts.tls.key) }], false)
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(bindAddress(opts.listen), creds, (err, p) => {
      if (err)
        reject(
          new MeshError(ClusterErrors.AgentListenFailed, `cannot listen for agents on ${opts.listen}: ${err.message}`, { field: 'agent-listen', cause: err }),
        );
      else resolve(p);
    });
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Streams are long-lived: give them a moment, then cut.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}
