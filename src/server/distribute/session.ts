import { status as GrpcStatus, type ServerDuplexStream } from '@grpc/grpc-js';
import type { AgentMessage, ServerMessage } from '../../gen/agent-types.js';
import type { ClusterSnapshot, HeldState, SnapshotEntry } from './snapshot.js';

/** A snapshot sent and not yet acknowledged. */
export interface Inflight {
  readonly snapshot: ClusterSnapshot;
  readonly upserts: readonly SnapshotEntry[];
  readonly removes: readonly string[];
  readonly full: boolean;
  /** When the change that caused it was first seen (for the convergence histogram). */
  readonly since: number;
}

/** One agent's stream and what the server knows the agent holds. */
export class AgentSession {
  readonly held: HeldState = new Map();
  inflight: Inflight | undefined;
  /** A newer snapshot was computed while one was in flight. */
  wantPush = false;
  /** Allowed to receive its first snapshot (initial-sync cap). */
  admitted = false;
  /** First snapshot acknowledged (or nothing needed sending). */
  synced = false;
  ackedVersion: string;
  lastHeard = Date.now();
  /** Earliest unacknowledged change time, for the convergence histogram. */
  changeSince: number | undefined;
  closed = false;
  /** When this stream last wrote its cluster's status (last-seen refreshes are throttled). */
  statusAt = 0;

  constructor(
    private readonly call: ServerDuplexStream<AgentMessage, ServerMessage>,
    readonly clusterFqn: string,
    readonly kid: string,
    readonly agentVersion: string,
    ackedVersion: string,
  ) {
    this.ackedVersion = ackedVersion;
  }

  /** The cluster name (last FQN segment). */
  get cluster(): string {
    return this.clusterFqn.slice(this.clusterFqn.lastIndexOf('/') + 1);
  }

  /** Queues a message; gRPC applies flow control per stream. */
  send(msg: ServerMessage): void {
    if (!this.closed) this.call.write(msg);
  }

  /** Ends the stream with a gRPC status the agent can act on. */
  close(code: GrpcStatus, details: string): void {
    if (this.closed) return;
    this.closed = true;
    if (code === GrpcStatus.OK) this.call.end();
    else this.call.emit('error', { code, details });
  }
}
