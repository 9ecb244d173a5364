import type { FastifyInstance } from 'fastify';
import { CoreErrors, MeshError, parseFqn } from '../../api/index.js';
import type { AuditQuery, Store } from '../../store/index.js';
import type { Principal, Rbac } from '../contracts.js';
import { principalOf } from './principal.js';

const MAX_LIMIT = 1000;

function bad(field: string, message: string): MeshError {
  return new MeshError(CoreErrors.InvalidInput, `${field}: ${message}`, { field });
}

/** Query string → store query; `user` may be a login name (of the caller's organization) or an FQN. */
export function auditQuery(q: Record<string, unknown>, p: Principal): AuditQuery {
  const out: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = {};
  for (const key of Object.keys(q))
    if (!['user', 'kind', 'fqn', 'since', 'limit'].includes(key)) throw bad(key, 'unknown filter; use user, kind, fqn, since, limit');
  const str = (k: string): string | undefined => {
    const v = q[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length > 2048) throw bad(k, 'give it once, as text');
    return v;
  };
  const user = str('user');
  if (user !== undefined) out.actor = user.includes('/') ? user : `organizations/${p.organization}/users/${user}`;
  const kind = str('kind');
  if (kind !== undefined) out.kind = kind;
  const fqn = str('fqn');
  if (fqn !== undefined && fqn !== '') out.fqnPrefix = parseFqn(fqn).text;
  const since = str('since');
  if (since !== undefined) {
    if (Number.isNaN(Date.parse(since))) throw bad('since', `${JSON.stringify(since)} is not a timestamp; use ISO 8601 such as 2026-01-31T12:00:00Z`);
    out.since = new Date(since).toISOString();
  }
  const limit = str('limit');
  if (limit !== undefined) {
    if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT) throw bad('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
    out.limit = Number(limit);
  }
  return out;
}

/** `GET /v2/audit`: entries about resources the caller may read, newest first. */
export function registerAuditRoutes(app: FastifyInstance, deps: { store: Store; rbac: Rbac }): void {
  app.get('/v2/audit', async (req) => {
    const p = principalOf(req);
    const query = auditQuery(req.query as Record<string, unknown>, p);
    const rows = await deps.store.audit(query);
    const allowed = new Map<string, boolean>();
    const entries = [];
    for (const e of rows) {
      let ok = allowed.get(e.fqn);
      if (ok === undefined) {
        ok = await deps.rbac.can(p, 'READ', e.fqn);
        allowed.set(e.fqn, ok);
      }
      if (ok) entries.push(e);
    }
    return { entries };
  });
}
