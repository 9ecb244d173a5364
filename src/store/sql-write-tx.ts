import { CoreErrors, MeshError, StoreErrors } from '../api/index.js';
import type { ResourceInput, StoredPolicy, StoredResource, WriteTx } from './store.js';
import type { SqlConn } from './sql-conn.js';
import { SqlReader } from './sql-reader.js';
import { checkIdentity, descendantRange, toIso } from './sql-rows.js';
import { newEtag } from './etag.js';
import { WriteJournal } from './write-journal.js';

/** Shared between a transaction and its guarded connection. */
interface TxState {
  finished: boolean;
}

/**
 * The transaction's connection, refusing statements once the write finished: an un-awaited call
 * still running then must not reach the connection, which the next write reuses (or, on
 * PostgreSQL, which went back to the pool).
 */
function guarded(conn: SqlConn, state: TxState): SqlConn {
  const check = () => {
    if (state.finished)
      throw new MeshError(StoreErrors.TransactionFinished, 'a store call ran after its write() finished: await every tx call inside the callback');
  };
  return {
    all: async (sql, params) => (check(), conn.all(sql, params)),
    run: async (sql, params) => (check(), conn.run(sql, params)),
  };
}

/** The WriteTx of the shared SQL core: every statement runs on the transaction's connection. */
export class SqlWriteTx extends SqlReader implements WriteTx {
  /** What this transaction touched; sql-store turns it into change and audit rows at commit. */
  readonly journal = new WriteJournal();
  private readonly state: TxState;
  private readonly tx: SqlConn;
  private running = 0;

  constructor(
    conn: SqlConn,
    /** The revision this write will get if it changes anything. */
    private readonly revision: number,
    /** The transaction's timestamp (one per write, so all its rows agree). */
    private readonly now: string,
  ) {
    const state: TxState = { finished: false };
    const tx = guarded(conn, state);
    super(tx);
    this.state = state;
    this.tx = tx;
  }

  /** Marks the transaction finished; later calls throw TransactionFinished. */
  finish(): void {
    this.state.finished = true;
  }

  /** Write calls (put, remove, …) started but not finished: non-zero at the end fails the write. */
  get pendingWrites(): number {
    return this.running;
  }

  put(input: ResourceInput, expectedEtag: string | null): Promise<StoredResource> {
    return this.track(() => this.doPut(input, expectedEtag));
  }

  remove(fqn: string): Promise<string[]> {
    return this.track(() => this.doRemove(fqn));
  }

  setPolicy(fqn: string, allow: StoredPolicy['allow'], expectedEtag?: string): Promise<StoredPolicy> {
    return this.track(() => this.doSetPolicy(fqn, allow, expectedEtag));
  }

  putSecret(key: string, value: string): Promise<void> {
    return this.track(() =>
      this.tx.run(
        'INSERT INTO secrets (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [key, value, this.now],
      ),
    ).then(() => undefined);
  }

  deleteSecret(key: string): Promise<void> {
    return this.track(() => this.tx.run('DELETE FROM secrets WHERE key = ?', [key])).then(() => undefined);
  }

  /** Counts a write call while it runs (see pendingWrites). */
  private track<T>(op: () => Promise<T>): Promise<T> {
    try {
      this.checkOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    this.running++;
    const p = op().finally(() => {
      this.running--;
    });
    // If the caller never awaits this, the write already fails loudly (pendingWrites); do not
    // also crash the process with an unhandled rejection.
    p.catch(() => {});
    return p;
  }

  private async doPut(input: ResourceInput, expectedEtag: string | null): Promise<StoredResource> {
    const { collection, depth } = checkIdentity(input);
    // The resource and its parent in one query (one round trip fewer on PostgreSQL); UNION ALL of
    // two key lookups, which SQLite runs several times faster than `fqn IN (?, ?)`.
    const rows = await this.tx.all(
      'SELECT fqn, etag, created_at FROM resources WHERE fqn = ? UNION ALL SELECT fqn, etag, created_at FROM resources WHERE fqn = ?',
      [input.fqn, input.parent === '' ? input.fqn : input.parent],
    );
    const found = rows.find((r) => r.fqn === input.fqn);
    const current = found && { etag: String(found.etag), createdAt: toIso(found.created_at) };
    const parentExists = input.parent === '' || rows.some((r) => r.fqn === input.parent);
    const etag = newEtag();
    const metadata = toJson(input, 'metadata');
    const spec = toJson(input, 'spec');
    if (expectedEtag === null) {
      if (current) throw new MeshError(CoreErrors.AlreadyExists, `${input.kind} ${input.fqn} already exists`, { details: { fqn: input.fqn } });
      if (!parentExists) {
        throw new MeshError(CoreErrors.ParentNotFound, `cannot create ${input.kind} ${input.fqn}: its parent ${input.parent} does not exist`, {
          details: { fqn: input.fqn, parent: input.parent },
        });
      }
      await this.tx.run(
        'INSERT INTO resources (fqn, parent, collection, depth, api_version, kind, name, metadata, spec, etag, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          input.fqn,
          input.parent === '' ? null : input.parent,
          collection,
          depth,
          input.apiVersion,
          input.kind,
          input.name,
          metadata,
          spec,
          etag,
          this.revision,
          this.now,
          this.now,
        ],
      );
      this.journal.resource(input.fqn, input.kind, null, etag);
      return { ...resourceOf(input, metadata, spec), etag, revision: this.revision, createdAt: this.now, updatedAt: this.now };
    }
    if (!current) throw new MeshError(CoreErrors.NotFound, `${input.kind} ${input.fqn} does not exist`, { details: { fqn: input.fqn } });
    if (current.etag !== expectedEtag) {
      throw new MeshError(CoreErrors.EtagMismatch, `etag ${expectedEtag} given for ${input.fqn} is stale: the current etag is ${current.etag}`, {
        field: 'etag',
        details: { fqn: input.fqn, givenEtag: expectedEtag, currentEtag: current.etag },
      });
    }
    await this.tx.run('UPDATE resources SET api_version = ?, kind = ?, metadata = ?, spec = ?, etag = ?, revision = ?, updated_at = ? WHERE fqn = ?', [
      input.apiVersion,
      input.kind,
      metadata,
      spec,
      etag,
      this.revision,
      this.now,
      input.fqn,
    ]);
    this.journal.resource(input.fqn, input.kind, current.etag, etag);
    return { ...resourceOf(input, metadata, spec), etag, revision: this.revision, createdAt: current.createdAt, updatedAt: this.now };
  }

  private async doRemove(fqn: string): Promise<string[]> {
    const [lo, hi] = descendantRange(fqn);
    const range = [fqn, lo, hi];
    const rows = await this.tx.all('SELECT fqn, kind, etag FROM resources WHERE fqn = ? OR (fqn >= ? AND fqn < ?) ORDER BY depth DESC, fqn', range);
    if (!rows.some((r) => r.fqn === fqn)) throw new MeshError(CoreErrors.NotFound, `${fqn} does not exist`, { details: { fqn } });
    // Three set-based deletes instead of three per resource: a cascade of thousands stays cheap,
    // and the foreign keys are checked at the end of each statement, after all children went.
    const where = 'WHERE fqn = ? OR (fqn >= ? AND fqn < ?)';
    await this.tx.run(`DELETE FROM policies ${where}`, range);
    await this.tx.run(`DELETE FROM status ${where}`, range);
    await this.tx.run(`DELETE FROM resources ${where}`, range);
    for (const r of rows) this.journal.resource(String(r.fqn), String(r.kind), String(r.etag), null);
    return rows.map((r) => String(r.fqn));
  }

  private async doSetPolicy(fqn: string, allow: StoredPolicy['allow'], expectedEtag?: string): Promise<StoredPolicy> {
    const resource = await this.get(fqn);
    if (!resource) throw new MeshError(CoreErrors.NotFound, `${fqn} does not exist, so it has no access policy`, { details: { fqn } });
    const current = await this.getPolicy(fqn);
    if (expectedEtag !== undefined && current?.etag !== expectedEtag) {
      const now = current?.etag ?? 'none (no policy set yet)';
      throw new MeshError(CoreErrors.EtagMismatch, `etag ${expectedEtag} given for the access policy of ${fqn} is stale: the current etag is ${now}`, {
        field: 'etag',
        details: { fqn, givenEtag: expectedEtag, currentEtag: current?.etag ?? null },
      });
    }
    const etag = newEtag();
    const allowJson = JSON.stringify(allow);
    await this.tx.run(
      'INSERT INTO policies (fqn, allow, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (fqn) DO UPDATE SET allow = excluded.allow, etag = excluded.etag, updated_at = excluded.updated_at',
      [fqn, allowJson, etag, this.now],
    );
    this.journal.policy(fqn, resource.kind, current?.etag ?? null, etag);
    return { fqn, allow: JSON.parse(allowJson) as StoredPolicy['allow'], etag };
  }

  protected override guard(): void {
    this.checkOpen();
  }

  private checkOpen(): void {
    if (this.state.finished) {
      throw new MeshError(StoreErrors.TransactionFinished, 'a write transaction was used after write() finished: await every store call inside the callback');
    }
  }
}

/** JSON text of a document field; values JSON cannot hold (BigInt, cycles) name the field. */
function toJson(input: ResourceInput, field: 'metadata' | 'spec'): string {
  try {
    return JSON.stringify(input[field]);
  } catch (e) {
    throw new MeshError(StoreErrors.InvalidStoreInput, `${field} of ${input.fqn} cannot be stored as JSON: ${(e as Error).message}`, { field, cause: e });
  }
}

function resourceOf(input: ResourceInput, metadata: string, spec: string): Omit<StoredResource, 'etag' | 'revision' | 'createdAt' | 'updatedAt'> {
  // Parsed back from the JSON just stored: the result equals what get() returns (no undefined
  // members, no shared objects a caller could mutate afterwards).
  return {
    fqn: input.fqn,
    parent: input.parent,
    apiVersion: input.apiVersion,
    kind: input.kind,
    name: input.name,
    metadata: JSON.parse(metadata) as StoredResource['metadata'],
    spec: JSON.parse(spec) as StoredResource['spec'],
  };
}
