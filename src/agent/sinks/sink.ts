/** One object to apply: its key (`namespace/Kind/name`), content hash and producing FQN. */
export interface SinkObject {
  readonly key: string;
  readonly hash: string;
  readonly fqn: string;
  readonly object: Record<string, unknown>;
}

/** A failure to apply one object, reported back in the NACK. */
export interface SinkError {
  readonly key: string;
  readonly fqn: string;
  readonly message: string;
  /**
   * The snapshot as a whole could not be applied (e.g. the prune listing failed): the agent NACKs,
   * keeps its previous state and reconnects, so the server sends the difference again.
   */
  readonly retry?: boolean;
}

/** Where the agent writes Istio objects: a directory tree (GitOps) or a Kubernetes API server. */
export interface Sink {
  readonly name: string;
  /**
   * Applies upserts and removals; with `full`, anything managed but not in `upserts` is pruned.
   * Never throws for one object: failures come back per object and the rest is still applied.
   */
  apply(upserts: readonly SinkObject[], removes: readonly string[], full: boolean): Promise<SinkError[]>;
  /** Re-applies objects of the cached snapshot the target lost (resume after restart), returns the count. */
  repair(held: readonly SinkObject[]): Promise<number>;
}
