import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import { exposition, type ServerMetrics } from './metrics.js';

/** `/healthz/ready` (store answers and migrations done), `/healthz/live`, `/metrics`. */
export function registerHealthRoutes(app: FastifyInstance, deps: { store: Store; ready: () => boolean; metrics: ServerMetrics }): void {
  app.get('/healthz/live', async (_req, reply) => reply.code(200).send(''));
  app.get('/healthz/ready', async (_req, reply) => {
    let ok = deps.ready();
    if (ok) ok = await deps.store.ping().catch(() => false);
    return reply.code(ok ? 200 : 503).send('');
  });
  app.get('/metrics', async (_req, reply) => {
    const { text, contentType } = await exposition(deps.metrics);
    return reply.type(contentType).send(text);
  });
}
