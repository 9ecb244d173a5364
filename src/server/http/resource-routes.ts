import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CoreErrors, MeshError, parseFqn } from '../../api/index.js';
import { principalOf } from './principal.js';
import type { ResourceService } from './resource-service.js';

/** A request path under /v2 split into what it addresses. */
export type Target =
  | { readonly type: 'collection'; readonly parent: string; readonly collection: string }
  | { readonly type: 'resource'; readonly fqn: string }
  | { readonly type: 'status'; readonly fqn: string };

/** Classifies `organizations/o/tenants` (collection), `…/tenants/t` (resource), `…/t/status`. */
export function classify(path: string): Target {
  const parts = path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '');
  if (parts.length === 0) throw new MeshError(CoreErrors.InvalidFqn, 'empty path: use /v2/organizations or /v2/<fqn>', { field: 'fqn' });
  if (parts.length % 2 === 0) return { type: 'resource', fqn: parseFqn(parts.join('/')).text };
  const last = parts[parts.length - 1];
  const parent = parts.length === 1 ? '' : parseFqn(parts.slice(0, -1).join('/')).text;
  if (last === 'status' && parent !== '') return { type: 'status', fqn: parent };
  if (parent === '' && last !== 'organizations') {
    throw new MeshError(CoreErrors.InvalidFqn, `"${last}" is not a collection at the root; expected organizations`, { field: 'fqn' });
  }
  return { type: 'collection', parent, collection: last };
}

function target(req: FastifyRequest): Target {
  const raw = (req.params as { '*': string })['*'];
  return classify(raw);
}

function wrongMethod(req: FastifyRequest, t: Target): MeshError {
  const allowed = t.type === 'collection' ? 'GET, POST' : t.type === 'status' ? 'GET' : 'GET, PUT, DELETE';
  return new MeshError(CoreErrors.MethodNotAllowed, `method ${req.method} is not allowed on ${req.url.split('?')[0]}; use ${allowed}`, { field: 'method' });
}

/** Registers the generic `/v2/*` routes driven by src/api/kinds.ts. */
export function registerResourceRoutes(app: FastifyInstance, service: ResourceService): void {
  app.get('/v2/*', async (req, reply) => {
    const t = target(req);
    const p = principalOf(req);
    if (t.type === 'collection') return reply.type('application/json; charset=utf-8').send(await service.listJson(p, t.parent, t.collection));
    if (t.type === 'status') return service.status(p, t.fqn);
    return service.get(p, t.fqn);
  });
  app.post('/v2/*', async (req, reply) => {
    const t = target(req);
    if (t.type !== 'collection') throw wrongMethod(req, t);
    const created = await service.create(principalOf(req), t.parent, t.collection, req.body);
    return reply.code(201).send(created);
  });
  app.put('/v2/*', async (req) => {
    const t = target(req);
    if (t.type !== 'resource') throw wrongMethod(req, t);
    return service.replace(principalOf(req), t.fqn, req.body);
  });
  app.delete('/v2/*', async (req) => {
    const t = target(req);
    if (t.type !== 'resource') throw wrongMethod(req, t);
    const force = (req.query as Record<string, string | undefined>).force;
    return service.remove(principalOf(req), t.fqn, force === 'true' || force === '1');
  });
}
