import { MeshError, StoreErrors } from '../api/index.js';
import type { AuditEntry, Change, ResourceInput, StatusRecord, StoredPolicy, StoredResource } from './store.js';
import type { SqlRow } from './sql-conn.js';

// Row mappers normalise what the two drivers return: SQLite gives JSON columns as text and
// integers as numbers; pg gives json as objects, bigint as strings and timestamptz as Date.

/** Columns selected for a StoredResource, in the order `toResource` reads them. */
export const RESOURCE_COLUMNS = 'fqn, parent, api_version, kind, name, metadata, spec, etag, revision, created_at, updated_at';

/** Maps a resources row. */
export function toResource(r: SqlRow): StoredResource {
  return {
    fqn: String(r.fqn),
    parent: r.parent === null || r.parent === undefined ? '' : String(r.parent),
    apiVersion: String(r.api_version),
    kind: String(r.kind),
    name: String(r.name),
    metadata: jsonObject(r.metadata),
    spec: jsonObject(r.spec),
    etag: String(r.etag),
    revision: Number(r.revision),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

/** Maps a policies row. */
export function toPolicy(r: SqlRow): StoredPolicy {
  return { fqn: String(r.fqn), allow: json(r.allow) as StoredPolicy['allow'], etag: String(r.etag) };
}

/** Maps a changes row. */
export function toChange(r: SqlRow): Change {
  return { revision: Number(r.revision), fqn: String(r.fqn), kind: String(r.kind), op: String(r.op) as Change['op'] };
}

/** Maps an audit row. */
export function toAudit(r: SqlRow): AuditEntry {
  return {
    id: Number(r.id),
    revision: Number(r.revision),
    at: toIso(r.at),
    actor: String(r.actor),
    op: String(r.op) as AuditEntry['op'],
    kind: String(r.kind),
    fqn: String(r.fqn),
    etagBefore: r.etag_before === null || r.etag_before === undefined ? null : String(r.etag_before),
    etagAfter: r.etag_after === null || r.etag_after === undefined ? null : String(r.etag_after),
  };
}

/** Maps a status row. */
export function toStatus(r: SqlRow): StatusRecord {
  return { fqn: String(r.fqn), source: String(r.source), status: jsonObject(r.status), updatedAt: toIso(r.updated_at) };
}

function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

function jsonObject(v: unknown): Record<string, unknown> {
  const o = json(v);
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
}

/** A timestamp column as ISO-8601 text (pg returns Date, SQLite the stored text). */
export function toIso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * Checks that a resource's identity is self-consistent (the FQN is the parent's FQN followed by
 * `<collection>/<name>`), which the cascade and prefix queries rely on. Returns the collection and
 * the depth (number of collection/name pairs).
 */
export function checkIdentity(input: ResourceInput): { collection: string; depth: number } {
  const parts = input.fqn.split('/');
  const bad = (field: string, why: string): never => {
    throw new MeshError(StoreErrors.InvalidStoreInput, `${field}: ${why} (fqn ${JSON.stringify(input.fqn)})`, { field });
  };
  if (parts.length < 2 || parts.length % 2 !== 0 || parts.some((p) => p === '')) bad('fqn', 'must be non-empty <collection>/<name> pairs joined by "/"');
  if (parts.slice(0, -2).join('/') !== input.parent)
    bad('parent', `must be ${JSON.stringify(parts.slice(0, -2).join('/'))}, the FQN without its last pair, not ${JSON.stringify(input.parent)}`);
  if (parts[parts.length - 1] !== input.name)
    bad('name', `must equal the FQN's last segment ${JSON.stringify(parts[parts.length - 1])}, not ${JSON.stringify(input.name)}`);
  if (input.kind === '') bad('kind', 'must not be empty');
  for (const field of ['metadata', 'spec'] as const) {
    const v: unknown = input[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(field, 'must be an object');
  }
  return { collection: parts[parts.length - 2], depth: parts.length / 2 };
}

/** The half-open key range [lo, hi) holding every FQN strictly below `fqn` ('/' + 1 is '0'). */
export function descendantRange(fqn: string): [string, string] {
  return [`${fqn}/`, `${fqn}0`];
}
