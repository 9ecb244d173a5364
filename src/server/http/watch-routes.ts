import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreErrors, MeshError, isWithin, parseFqn, toEnvelope } from '../../api/index.js';
import type { Change, Store } from '../../store/index.js';
import type { Feed, Principal, Rbac } from '../contracts.js';
import { principalOf } from './principal.js';

/** Events a client may lag behind before the server closes its stream (it can resume from its revision). */
const MAX_QUEUE = 10000;

interface WatchDeps {
  readonly store: Store;
  readonly rbac: Rbac;
  readonly feed: Feed;
  readonly heartbeatMs: number;
}

function parseQuery(q: Record<string, unknown>, current: number): { from: number; prefix: string } {
  const rev = q.revision;
  let from = current;
  if (rev !== undefined) {
    if (typeof rev !== 'string' || !/^\d{1,15}$/.test(rev)) {
      throw new MeshError(CoreErrors.InvalidInput, 'revision: must be a non-negative whole number (the last revision you saw)', { field: 'revision' });
    }
    from = Number(rev);
  }
  const prefix = q.prefix;
  if (prefix !== undefined && typeof prefix !== 'string') throw new MeshError(CoreErrors.InvalidInput, 'prefix: give it once, as an FQN', { field: 'prefix' });
  return { from, prefix: prefix ? parseFqn(prefix).text : '' };
}

/** One change as an SSE event, with the object for creates/updates that still exist. */
async function event(deps: WatchDeps, p: Principal, c: Change): Promise<string | undefined> {
  if (!(await deps.rbac.can(p, 'READ', c.fqn))) return undefined;
  const data: Record<string, unknown> = { revision: c.revision, fqn: c.fqn, kind: c.kind, op: c.op };
  if (c.op !== 'delete') {
    const r = await deps.store.reader.get(c.fqn);
    if (r) data.object = toEnvelope(r);
  }
  return `id: ${c.revision}\nevent: change\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Open streams, ended on shutdown so a graceful close does not wait for watchers forever. */
const open = new WeakMap<FastifyInstance, Set<() => void>>();

function stream(deps: WatchDeps, req: FastifyRequest, reply: FastifyReply, p: Principal, from: number, prefix: string): void {
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(`: watching from revision ${from}\n\n`);
  let queue: Change[] = [];
  let busy = false;
  let closed = false;
  const drain = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length > 0 && !closed) {
        const batch = queue;
        queue = [];
        for (const c of batch) {
          const text = await event(deps, p, c);
          if (text && !res.write(text)) await new Promise((r) => res.once('drain', r));
        }
      }
    } catch (err) {
      req.log.error({ err }, 'watch stream failed');
      res.end();
    } finally {
      busy = false;
    }
  };
  const stop = deps.feed.subscribe(from, (changes) => {
    for (const c of changes) if (isWithin(c.fqn, prefix)) queue.push(c);
    if (queue.length > MAX_QUEUE) {
      res.end(`event: error\ndata: ${JSON.stringify({ code: 'MB1000', detail: 'client too slow; resume with ?revision=<last revision seen>' })}\n\n`);
      return;
    }
    void drain();
  });
  const beat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs);
  const close = (): void => {
    closed = true;
    clearInterval(beat);
    stop();
  };
  res.on('close', close);
  req.raw.on('close', close);
  open.get(req.server)?.add(() => res.end());
}

/** `GET /v2/watch?revision=N&prefix=<fqn>`: server-sent events of readable changes. */
export function registerWatchRoutes(app: FastifyInstance, deps: WatchDeps): void {
  const streams = new Set<() => void>();
  open.set(app, streams);
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.get('/v2/watch', async (req, reply) => {
    const p = principalOf(req);
    const { from, prefix } = parseQuery(req.query as Record<string, unknown>, deps.feed.revision);
    stream(deps, req, reply, p, from, prefix);
  });
}
