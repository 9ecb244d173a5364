/**
 * The Store interface: one contract, two backends (sqlite/, postgres/) with the same file set,
 * proven equal by one conformance suite (store-conformance.ts).
 *
 * Every write goes through `write()`: one transaction that bumps the global revision once, appends
 * one change row per touched resource (the change feed) and one audit row per touched resource.
 */

/** A stored resource: TSB's envelope flattened. `spec` is the kind's spec object as given. */
export interface StoredResource {
  readonly fqn: string;
  /** Parent FQN ('' for organizations). */
  readonly parent: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
  /** Opaque version tag, changes on every write of this resource. */
  readonly etag: string;
  /** Global revision of the write that last changed this resource. */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a writer supplies; the store fills in etag, revision and timestamps. */
export interface ResourceInput {
  readonly fqn: string;
  readonly parent: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
}

/** One entry of the change feed. */
export interface Change {
  readonly revision: number;
  readonly fqn: string;
  readonly kind: string;
  readonly op: 'create' | 'update' | 'delete';
}

/** One audit row: who did what, when, with the etags before and after. */
export interface AuditEntry {
  readonly id: number;
  readonly revision: number;
  readonly at: string;
  readonly actor: string;
  readonly op: 'create' | 'update' | 'delete' | 'set-policy';
  readonly kind: string;
  readonly fqn: string;
  readonly etagBefore: string | null;
  readonly etagAfter: string | null;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly kind?: string;
  readonly fqnPrefix?: string;
  /** ISO timestamp; entries at or after it. */
  readonly since?: string;
  readonly limit?: number;
}

/** Read operations, available outside and inside a transaction. */
export interface Reader {
  get(fqn: string): Promise<StoredResource | undefined>;
  /** Direct children of `parent`, optionally of one collection, sorted by fqn. */
  listChildren(parent: string, collection?: string): Promise<StoredResource[]>;
  /** Every resource at or below `prefix` ('' = all), sorted by fqn. */
  listUnder(prefix: string): Promise<StoredResource[]>;
  /** Every resource of a kind (apiVersion ignored), sorted by fqn. */
  listByKind(kind: string): Promise<StoredResource[]>;
  /** The access-bindings policy of a resource (`allow` list as TSB shapes it), or undefined. */
  getPolicy(fqn: string): Promise<StoredPolicy | undefined>;
  /** A secret value (password hash, key material) by key. Secrets are not config: writing one does not bump the revision nor write audit rows. */
  getSecret(key: string): Promise<string | undefined>;
}

export interface StoredPolicy {
  readonly fqn: string;
  readonly allow: readonly { role: string; subjects: readonly Record<string, string>[] }[];
  readonly etag: string;
}

/** Writes inside one transaction. */
export interface WriteTx extends Reader {
  /**
   * Creates (expectedEtag === null) or replaces (expectedEtag = current etag) a resource.
   * Throws MeshError AlreadyExists / NotFound / EtagMismatch / ParentNotFound.
   */
  put(input: ResourceInput, expectedEtag: string | null): Promise<StoredResource>;
  /** Deletes a resource and everything below it; returns the deleted FQNs, deepest first. */
  remove(fqn: string): Promise<string[]>;
  /**
   * Replaces the access policy (NotFound when the resource is missing; EtagMismatch when
   * `expectedEtag` is given and is not the policy's current one). Bumps the revision and writes a
   * `set-policy` audit row, but no change row: policies are not distributed config.
   */
  setPolicy(fqn: string, allow: StoredPolicy['allow'], expectedEtag?: string): Promise<StoredPolicy>;
  putSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** Status reported back by clusters; not part of the config revision. */
export interface StatusRecord {
  readonly fqn: string;
  /** Reporter, e.g. the cluster name or '' for the aggregate. */
  readonly source: string;
  readonly status: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /** Applies pending migrations; idempotent. */
  migrate(): Promise<void>;
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>;
  readonly reader: Reader;
  /**
   * Runs `fn` in one serialisable transaction as `actor`. When it resolves, the whole write is
   * durable and the revision is bumped once (only when something changed); when it throws,
   * nothing is written.
   */
  write<T>(actor: string, fn: (tx: WriteTx) => Promise<T>): Promise<{ result: T; revision: number }>;
  currentRevision(): Promise<number>;
  /**
   * Changes with revision > `after`, oldest first, at most `limit` (default 1000, capped at 10000).
   * A page never splits a revision, so resuming from the last revision seen misses nothing; a
   * single revision with more rows than `limit` is returned whole. Throws HistoryPruned when
   * `after` is below the pruned horizon (see HistoryPruning).
   */
  changesSince(after: number, limit?: number): Promise<Change[]>;
  /** Audit rows matching every given filter, newest first; `limit` defaults to 1000 (max 10000). */
  audit(query: AuditQuery): Promise<AuditEntry[]>;
  /** Upserts the status one source reports for a resource; NotFound when the resource is gone. */
  putStatus(rec: Omit<StatusRecord, 'updatedAt'>): Promise<void>;
  getStatus(fqn: string): Promise<StatusRecord[]>;
  /** Called with the new revision after any write by this or (PostgreSQL) another replica. */
  subscribe(listener: (revision: number) => void): () => void;
  /** Runs the backend's integrity check; resolves to a list of problems (empty when sound). */
  integrityCheck(): Promise<string[]>;
  close(): Promise<void>;
}

/** Options of HistoryPruning.pruneHistory; at least one should be given. */
export interface PruneOptions {
  /** Delete change-feed rows with revision <= this (capped at the current revision). */
  readonly changesThrough?: number;
  /** ISO timestamp: delete audit rows written before it. */
  readonly auditBefore?: string;
}

/**
 * History retention, offered by both backends (and by createStore's result) but not required of
 * every Store wrapper. Pruning is not config: it bumps no revision.
 */
export interface HistoryPruning {
  /** Deletes old change and audit rows (and revision rows nothing references any more). */
  pruneHistory(opts: PruneOptions): Promise<{ changes: number; audit: number; revisions: number }>;
  /** The revision through which changes were pruned (0 = none); changesSince(after < it) throws HistoryPruned. */
  historyHorizon(): Promise<number>;
}
