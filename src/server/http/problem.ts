import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreErrors, MeshError } from '../../api/index.js';

/** Fastify's own client errors (bad JSON, body too large, media type) in catalogue terms. */
function fromFastify(err: FastifyError): MeshError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new MeshError(CoreErrors.PayloadTooLarge, `body: larger than the server's limit (${err.message})`, { field: '(body)' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new MeshError(CoreErrors.UnsupportedMediaType, `Content-Type: ${err.message}; send application/json`, { field: 'Content-Type' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new MeshError(CoreErrors.InvalidInput, '(body): empty JSON body; send a JSON object', { field: '(body)' });
    default:
      if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
        return new MeshError(CoreErrors.InvalidInput, `(body): ${err.message}`, { field: '(body)' });
      }
      return undefined;
  }
}

/** The one place errors become responses: MeshError → problem+json; anything else → MB1000. */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  let me: MeshError | undefined = err instanceof MeshError ? err : undefined;
  if (!me && err instanceof Error && 'code' in err) me = fromFastify(err as FastifyError);
  if (!me) {
    // Never a stack to the client: the log line carries it under the same request id.
    req.log.error({ err, reqId: req.id, url: req.url }, 'internal error');
    me = new MeshError(CoreErrors.Internal, `internal error (request id ${req.id})`, { details: { requestId: req.id } });
  } else if (me.status >= 500) {
    req.log.error({ err: me, reqId: req.id }, me.message);
  }
  const body = me.toProblem(req.url.split('?')[0]);
  if (me.def.code === CoreErrors.TooManyAttempts.code && typeof me.details?.retryAfter === 'number') {
    void reply.header('retry-after', String(me.details.retryAfter));
  }
  if (me.def.code === CoreErrors.Unauthenticated.code || me.def.code === CoreErrors.TokenExpired.code) {
    void reply.header('www-authenticate', 'Basic realm="meshbridge", Bearer');
  }
  return reply.code(me.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Registers the error and not-found handlers on `app`. */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const err = path.startsWith('/v2/')
      ? new MeshError(
          CoreErrors.MethodNotAllowed,
          `method ${req.method} on ${path}: no such operation; use GET/POST on collections and GET/PUT/DELETE on resources`,
          { field: 'method' },
        )
      : new MeshError(CoreErrors.NotFound, `${path} not found`);
    return sendProblem(err, req, reply);
  });
}
