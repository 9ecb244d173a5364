import type { StatusRecord } from '../../store/index.js';

/** What one cluster reported for one resource. */
export interface ClusterOutcome {
  readonly state: 'pending' | 'applied' | 'rejected' | 'removed';
  readonly version: string;
  readonly message?: string;
  /** ISO time; the newest report for a cluster wins when replicas' records are merged. */
  readonly at: string;
}

/** TSB's resource status shape (`GET /v2/{fqn}/status`). */
export interface ResourceStatus {
  readonly status: 'ACCEPTED' | 'READY' | 'PARTIAL' | 'FAILED';
  readonly lastEvent: string;
  readonly message: string;
  readonly clusters: Record<string, { status: string; lastEvent: string; message?: string; version: string; at: string }>;
}

/** Folds per-cluster outcomes into one resource status (pure). */
export function aggregate(outcomes: Readonly<Record<string, ClusterOutcome>>): ResourceStatus {
  const live = Object.entries(outcomes)
    .filter(([, o]) => o.state !== 'removed')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const clusters: ResourceStatus['clusters'] = {};
  for (const [c, o] of live) {
    const [status, lastEvent] =
      o.state === 'applied' ? ['READY', 'XCP_APPLIED'] : o.state === 'rejected' ? ['FAILED', 'XCP_REJECTED'] : ['ACCEPTED', 'XCP_ACCEPTED'];
    clusters[c] = { status, lastEvent, version: o.version, at: o.at, ...(o.message ? { message: o.message } : {}) };
  }
  const pending = live.filter(([, o]) => o.state === 'pending');
  const rejected = live.filter(([, o]) => o.state === 'rejected');
  if (live.length === 0) return { status: 'ACCEPTED', lastEvent: 'XCP_ACCEPTED', message: 'no connected cluster selects this resource', clusters };
  if (pending.length > 0)
    return { status: 'ACCEPTED', lastEvent: 'XCP_ACCEPTED', message: `waiting for ${pending.length} of ${live.length} cluster(s)`, clusters };
  const reasons = rejected.map(([c, o]) => `${c}: ${o.message ?? 'rejected'}`).join('; ');
  if (rejected.length === live.length) return { status: 'FAILED', lastEvent: 'XCP_REJECTED', message: reasons, clusters };
  if (rejected.length > 0)
    return {
      status: 'PARTIAL',
      lastEvent: 'XCP_PARTIALLY_APPLIED',
      message: `applied in ${live.length - rejected.length} of ${live.length} cluster(s); ${reasons}`,
      clusters,
    };
  return { status: 'READY', lastEvent: 'XCP_APPLIED', message: `applied in ${live.length} cluster(s)`, clusters };
}

/** The per-cluster status record written under source = cluster name. */
export function clusterRecord(o: ClusterOutcome): Record<string, unknown> {
  const [status, lastEvent] =
    o.state === 'applied'
      ? ['READY', 'XCP_APPLIED']
      : o.state === 'rejected'
        ? ['FAILED', 'XCP_REJECTED']
        : o.state === 'removed'
          ? ['REMOVED', 'XCP_REMOVED']
          : ['ACCEPTED', 'XCP_ACCEPTED'];
  return { status, lastEvent, version: o.version, at: o.at, state: o.state, ...(o.message ? { message: o.message } : {}) };
}

const STATE_OF_STATUS: Readonly<Record<string, ClusterOutcome['state']>> = { READY: 'applied', FAILED: 'rejected', REMOVED: 'removed' };

/**
 * A stored cluster record as an outcome: its `state`, or (records written without one) the state
 * its TSB `status` stands for. Undefined for a record that is neither.
 */
export function outcomeOf(rec: Readonly<Record<string, unknown>>): ClusterOutcome | undefined {
  const state = rec.state ?? (typeof rec.status === 'string' ? (STATE_OF_STATUS[rec.status] ?? 'pending') : undefined);
  if (state !== 'pending' && state !== 'applied' && state !== 'rejected' && state !== 'removed') return undefined;
  return { state, version: String(rec.version ?? ''), at: String(rec.at ?? ''), ...(typeof rec.message === 'string' ? { message: rec.message } : {}) };
}

/** The aggregate of a resource's cluster records (source '' is the stored aggregate itself, skipped). */
export function aggregateRecords(records: readonly StatusRecord[]): ResourceStatus {
  const merged: Record<string, ClusterOutcome> = {};
  for (const rec of records) {
    if (rec.source === '') continue;
    const o = outcomeOf(rec.status as Record<string, unknown>);
    if (o) merged[rec.source] = o;
  }
  return aggregate(merged);
}

/**
 * What `GET /v2/{fqn}/status` answers: ACCEPTED until a cluster reports; then the stored aggregate
 * (or, before the writer stored one, the same aggregation of the cluster records) with every
 * cluster's record listed.
 */
export function readResourceStatus(records: readonly StatusRecord[]): Record<string, unknown> {
  if (records.length === 0) return { status: 'ACCEPTED', lastEvent: 'TSB_ACCEPTED', message: 'Accepted; no cluster has reported on it yet', clusters: {} };
  const clusters: Record<string, unknown> = {};
  for (const r of records) if (r.source !== '') clusters[r.source] = r.status;
  const stored = records.find((r) => r.source === '');
  if (stored) return { ...stored.status, clusters };
  const { clusters: _omit, ...agg } = aggregateRecords(records);
  return { ...agg, clusters };
}
