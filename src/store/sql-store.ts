import { AsyncLocalStorage } from 'node:async_hooks';
import { CoreErrors, MeshError, StoreErrors } from '../api/index.js';
import type { AuditEntry, AuditQuery, Change, HistoryPruning, PruneOptions, Reader, StatusRecord, Store, WriteTx } from './store.js';
import type { SqlConn, SqlDialect, SqlValue } from './sql-conn.js';
import { SqlReader } from './sql-reader.js';
import { SqlWriteTx } from './sql-write-tx.js';
import { toAudit, toChange, toStatus } from './sql-rows.js';
import type { JournalEntry } from './write-journal.js';

const DEFAULT_CHANGES_LIMIT = 1000;
const DEFAULT_AUDIT_LIMIT = 1000;
const MAX_LIMIT = 10000;
const MAX_PROBLEMS = 50;

/** Marks the async context of a running write, so a nested write fails fast instead of deadlocking. */
interface WriteScope {
  active: boolean;
}

/**
 * The shared SQL core of both backends: write transactions with their revision, change and audit
 * rows, the change feed, audit queries, status and the portable integrity checks. A backend
 * supplies connections, transaction control and its own extras.
 */
export abstract class SqlStore implements Store, HistoryPruning {
  abstract readonly backend: 'sqlite' | 'postgres';
  readonly reader: Reader;
  private readonly listeners = new Set<(revision: number) => void>();
  private lastNotified = 0;
  private closed = false;
  private readonly scope = new AsyncLocalStorage<WriteScope>();

  protected constructor(
    protected readonly readConn: SqlConn,
    private readonly dialect: SqlDialect,
  ) {
    this.reader = new SqlReader(readConn, () => this.checkOpen());
  }

  /** Runs `fn` in one serialised transaction on the backend's write connection. */
  protected abstract transaction<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T>;
  /** The backend's own integrity checks (SQLite: PRAGMA integrity_check, foreign_key_check). */
  protected abstract backendIntegrity(): Promise<string[]>;
  abstract migrate(): Promise<void>;
  abstract close(): Promise<void>;

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const rows = await this.readConn.all('SELECT 1 AS ok');
      return Number(rows[0]?.ok) === 1;
    } catch {
      return false;
    }
  }

  async write<T>(actor: string, fn: (tx: WriteTx) => Promise<T>): Promise<{ result: T; revision: number }> {
    this.checkOpen();
    // The transaction mutex would make a nested write wait for its own caller forever.
    if (this.scope.getStore()?.active) {
      throw new MeshError(StoreErrors.NestedWrite, 'store.write() was called while another write of this store was running its callback');
    }
    const out = await this.transaction(async (conn) => {
      const base = Number((await conn.all(this.dialect.lockRevision))[0].value);
      const now = new Date().toISOString();
      const tx = new SqlWriteTx(conn, base + 1, now);
      const scope: WriteScope = { active: true };
      let result: T;
      try {
        result = await this.scope.run(scope, () => fn(tx));
      } finally {
        tx.finish();
        scope.active = false;
      }
      if (tx.pendingWrites > 0) {
        throw new MeshError(
          StoreErrors.TransactionFinished,
          `the write callback returned while ${tx.pendingWrites} store call(s) were still running: await every tx call; nothing was written`,
        );
      }
      const entries = tx.journal.entries();
      if (entries.length === 0) return { result, revision: base, bumped: false };
      await this.record(conn, base + 1, actor, now, entries);
      return { result, revision: base + 1, bumped: true };
    });
    if (out.bumped) this.notify(out.revision);
    return { result: out.result, revision: out.revision };
  }

  /**
   * Writes the revision row, bumps the counter, and appends one change row per resource and one
   * audit row per entry. Backends may override it with fewer round trips (PostgreSQL: one statement).
   */
  protected async record(conn: SqlConn, revision: number, actor: string, at: string, entries: readonly JournalEntry[]): Promise<void> {
    await conn.run('INSERT INTO revisions (revision, actor, at) VALUES (?, ?, ?)', [revision, actor, at]);
    await conn.run('UPDATE revision_counter SET value = ? WHERE id = 1', [revision]);
    for (const e of entries) {
      if (e.target === 'resource') await conn.run('INSERT INTO changes (revision, fqn, kind, op) VALUES (?, ?, ?, ?)', [revision, e.fqn, e.kind, e.op]);
    }
    for (const e of entries) {
      await conn.run('INSERT INTO audit (revision, at, actor, op, kind, fqn, etag_before, etag_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        revision,
        at,
        actor,
        e.op,
        e.kind,
        e.fqn,
        e.etagBefore,
        e.etagAfter,
      ]);
    }
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    const rows = await this.readConn.all('SELECT value FROM revision_counter WHERE id = 1');
    return rows.length === 0 ? 0 : Number(rows[0].value);
  }

  /**
   * Never splits a revision: a page ends at a revision boundary so a consumer resuming from the
   * last revision it saw misses nothing; a single revision larger than `limit` comes whole.
   */
  async changesSince(after: number, limit = DEFAULT_CHANGES_LIMIT): Promise<Change[]> {
    this.checkOpen();
    const n = checkLimit(limit);
    const rows = (await this.readConn.all('SELECT revision, fqn, kind, op FROM changes WHERE revision > ? ORDER BY id LIMIT ?', [after, n + 1])).map(toChange);
    // Checked after reading: a prune racing with the read makes us refuse, never silently skip.
    const horizon = await this.historyHorizon();
    if (after < horizon) {
      throw new MeshError(StoreErrors.HistoryPruned, `changes after revision ${after} are no longer kept: history was pruned through revision ${horizon}`, {
        details: { after, prunedThrough: horizon },
      });
    }
    if (rows.length <= n) return rows;
    const lastRevision = rows[n].revision;
    const page = rows.slice(0, n).filter((c) => c.revision !== lastRevision);
    if (page.length > 0) return page;
    return (await this.readConn.all('SELECT revision, fqn, kind, op FROM changes WHERE revision = ? ORDER BY id', [lastRevision])).map(toChange);
  }

  async historyHorizon(): Promise<number> {
    this.checkOpen();
    const rows = await this.readConn.all('SELECT pruned_through FROM revision_counter WHERE id = 1');
    return rows.length === 0 ? 0 : Number(rows[0].pruned_through);
  }

  async pruneHistory(opts: PruneOptions): Promise<{ changes: number; audit: number; revisions: number }> {
    this.checkOpen();
    const through = opts.changesThrough;
    if (through !== undefined && (!Number.isSafeInteger(through) || through < 0)) {
      throw new MeshError(CoreErrors.InvalidInput, `changesThrough: ${through} is not a revision (a whole number >= 0)`, { field: 'changesThrough' });
    }
    const auditBefore = opts.auditBefore === undefined ? undefined : timestamp(opts.auditBefore, 'auditBefore');
    return this.transaction(async (conn) => {
      const current = Number((await conn.all(this.dialect.lockRevision))[0].value);
      let horizon = Number((await conn.all('SELECT pruned_through FROM revision_counter WHERE id = 1'))[0].pruned_through);
      let changes = 0;
      if (through !== undefined && Math.min(through, current) > horizon) {
        horizon = Math.min(through, current);
        changes = await conn.run('DELETE FROM changes WHERE revision <= ?', [horizon]);
        await conn.run('UPDATE revision_counter SET pruned_through = ? WHERE id = 1', [horizon]);
      }
      const audit = auditBefore === undefined ? 0 : await conn.run('DELETE FROM audit WHERE at < ?', [auditBefore]);
      const revisions = await conn.run(
        'DELETE FROM revisions WHERE revision <= ? AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.revision = revisions.revision) AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.revision = revisions.revision)',
        [horizon],
      );
      return { changes, audit, revisions };
    });
  }

  /** Newest first. */
  async audit(query: AuditQuery): Promise<AuditEntry[]> {
    this.checkOpen();
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, ...values: SqlValue[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.kind !== undefined) add('kind = ?', query.kind);
    if (query.fqnPrefix !== undefined && query.fqnPrefix !== '') {
      const p = query.fqnPrefix;
      // A key range lets the (fqn, id) index answer; it needs a successor string, simple for ASCII.
      if (/^[\x20-\x7e]+$/.test(p)) add('fqn >= ? AND fqn < ?', p, p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1));
      else add('substr(fqn, 1, ?) = ?', p.length, p);
    }
    if (query.since !== undefined) add('at >= ?', timestamp(query.since, 'since'));
    params.push(checkLimit(query.limit ?? DEFAULT_AUDIT_LIMIT));
    const sql = `SELECT id, revision, at, actor, op, kind, fqn, etag_before, etag_after FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (await this.readConn.all(sql, params)).map(toAudit);
  }

  async putStatus(rec: Omit<StatusRecord, 'updatedAt'>): Promise<void> {
    this.checkOpen();
    const status = JSON.stringify(rec.status);
    await this.transaction(async (conn) => {
      const found = await conn.all('SELECT 1 AS ok FROM resources WHERE fqn = ?', [rec.fqn]);
      if (found.length === 0) throw new MeshError(CoreErrors.NotFound, `cannot record status of ${rec.fqn}: it does not exist`, { details: { fqn: rec.fqn } });
      await conn.run(
        'INSERT INTO status (fqn, source, status, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (fqn, source) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at',
        [rec.fqn, rec.source, status, new Date().toISOString()],
      );
    });
  }

  async getStatus(fqn: string): Promise<StatusRecord[]> {
    this.checkOpen();
    return (await this.readConn.all('SELECT fqn, source, status, updated_at FROM status WHERE fqn = ? ORDER BY source', [fqn])).map(toStatus);
  }

  subscribe(listener: (revision: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener once per new highest revision; a throwing listener cannot hurt writers. */
  protected notify(revision: number): void {
    if (revision <= this.lastNotified) return;
    this.lastNotified = revision;
    for (const l of [...this.listeners]) {
      try {
        l(revision);
      } catch (e) {
        process.emitWarning(`store subscriber threw: ${e instanceof Error ? e.message : String(e)}`, 'MeshbridgeStoreWarning');
      }
    }
  }

  async integrityCheck(): Promise<string[]> {
    this.checkOpen();
    const problems = [...(await this.backendIntegrity())];
    const q = async (sql: string, describe: (r: Record<string, unknown>) => string) => {
      for (const r of await this.readConn.all(`${sql} LIMIT ${MAX_PROBLEMS}`)) problems.push(describe(r));
    };
    await q(
      'SELECT r.fqn, r.parent FROM resources r WHERE r.parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM resources p WHERE p.fqn = r.parent)',
      (r) => `resource ${r.fqn}: parent ${r.parent} does not exist`,
    );
    await q(
      'SELECT id, revision, prev FROM (SELECT id, revision, LAG(revision) OVER (ORDER BY id) AS prev FROM changes) x WHERE revision < prev',
      (r) => `change ${r.id}: revision ${r.revision} is lower than the revision ${r.prev} of the change before it`,
    );
    await q(
      'SELECT c.id, c.revision FROM changes c WHERE NOT EXISTS (SELECT 1 FROM revisions v WHERE v.revision = c.revision)',
      (r) => `change ${r.id}: revision ${r.revision} does not exist`,
    );
    await q(
      'SELECT a.id, a.revision FROM audit a WHERE NOT EXISTS (SELECT 1 FROM revisions v WHERE v.revision = a.revision)',
      (r) => `audit row ${r.id}: revision ${r.revision} does not exist`,
    );
    await q(
      'SELECT r.fqn, r.revision FROM resources r WHERE r.revision > (SELECT value FROM revision_counter WHERE id = 1)',
      (r) => `resource ${r.fqn}: revision ${r.revision} is above the revision counter`,
    );
    await q(
      'SELECT v.revision FROM revisions v WHERE v.revision > (SELECT value FROM revision_counter WHERE id = 1)',
      (r) => `revision ${r.revision} is above the revision counter`,
    );
    await q(
      'SELECT p.fqn FROM policies p WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.fqn = p.fqn)',
      (r) => `policy of ${r.fqn}: the resource does not exist`,
    );
    await q(
      'SELECT s.fqn, s.source FROM status s WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.fqn = s.fqn)',
      (r) => `status of ${r.fqn} from "${r.source}": the resource does not exist`,
    );
    await q(
      'SELECT c.id, c.revision FROM changes c WHERE c.revision <= (SELECT pruned_through FROM revision_counter WHERE id = 1)',
      (r) => `change ${r.id}: revision ${r.revision} is at or below the pruned horizon`,
    );
    const counter = await this.readConn.all('SELECT COUNT(*) AS n FROM revision_counter WHERE id = 1');
    if (Number(counter[0].n) !== 1) problems.push('the revision counter row is missing');
    return problems;
  }

  /** Marks the store closed; later calls throw StoreClosed. */
  protected markClosed(): boolean {
    const was = this.closed;
    this.closed = true;
    this.listeners.clear();
    return !was;
  }

  protected isClosed(): boolean {
    return this.closed;
  }

  protected checkOpen(): void {
    if (this.closed) throw new MeshError(StoreErrors.StoreClosed, `the ${this.backend} store is closed`);
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new MeshError(CoreErrors.InvalidInput, `limit: ${limit} is not a positive integer`, { field: 'limit' });
  }
  return Math.min(limit, MAX_LIMIT);
}

function timestamp(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new MeshError(CoreErrors.InvalidInput, `${field}: ${JSON.stringify(value)} is not a timestamp; use RFC 3339, e.g. 2024-05-01T12:00:00Z`, { field });
  }
  return new Date(t).toISOString();
}
