import { Histogram, Registry, collectDefaultMetrics, register } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';

/** The server's Prometheus registry (one per server, so tests can run several in one process). */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly http: Histogram<'method' | 'route' | 'status'>;
  readonly store: Histogram<'op'>;
}

/** Creates the registry with process metrics, request latency by route and store latency. */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'meshbridge_http_request_duration_seconds',
    help: 'REST request latency by route template',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const store = new Histogram({
    name: 'meshbridge_store_operation_duration_seconds',
    help: 'Store operation latency',
    labelNames: ['op'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, http, store };
}

/**
 * The exposition `/metrics` serves: this server's registry merged with prom-client's default one,
 * where parts shared by the whole process (cluster distribution) keep their metrics. Merged per
 * scrape so metrics registered after start-up are served too.
 */
export async function exposition(m: ServerMetrics): Promise<{ text: string; contentType: string }> {
  const merged = Registry.merge([m.registry, register]);
  return { text: await merged.metrics(), contentType: m.registry.contentType };
}

/** Records each request's latency under its route template (never the raw URL: bounded labels). */
export function instrumentHttp(app: FastifyInstance, m: ServerMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    m.http.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}

function timed<A extends unknown[], R>(h: ServerMetrics['store'], op: string, fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const end = h.startTimer({ op });
    try {
      return await fn(...a);
    } finally {
      end();
    }
  };
}

/** The same store with its reads and writes timed into `meshbridge_store_operation_duration_seconds`. */
export function instrumentStore(store: Store, m: ServerMetrics): Store {
  const r = store.reader;
  const reader: Store['reader'] = {
    get: timed(m.store, 'get', r.get.bind(r)),
    listChildren: timed(m.store, 'listChildren', r.listChildren.bind(r)),
    listUnder: timed(m.store, 'listUnder', r.listUnder.bind(r)),
    listByKind: timed(m.store, 'listByKind', r.listByKind.bind(r)),
    getPolicy: timed(m.store, 'getPolicy', r.getPolicy.bind(r)),
    getSecret: timed(m.store, 'getSecret', r.getSecret.bind(r)),
  };
  return {
    get backend() {
      return store.backend;
    },
    reader,
    migrate: () => store.migrate(),
    ping: timed(m.store, 'ping', () => store.ping()),
    write: (actor, fn) => timed(m.store, 'write', () => store.write(actor, fn))(),
    currentRevision: () => store.currentRevision(),
    changesSince: timed(m.store, 'changesSince', (after: number, limit?: number) => store.changesSince(after, limit)),
    audit: timed(m.store, 'audit', (q: Parameters<Store['audit']>[0]) => store.audit(q)),
    putStatus: (rec) => store.putStatus(rec),
    getStatus: timed(m.store, 'getStatus', (fqn: string) => store.getStatus(fqn)),
    subscribe: (l) => store.subscribe(l),
    integrityCheck: () => store.integrityCheck(),
    close: () => store.close(),
  };
}
