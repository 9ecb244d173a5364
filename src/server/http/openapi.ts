import { KINDS, LEVEL_PATH, type KindInfo } from '../../api/index.js';
import { envelopeSchema, specSchema } from '../../api/schemas/index.js';

import { accessPaths, errors, type Json } from './openapi-paths.js';

function schemaName(k: KindInfo): string {
  return k.kind === 'Group' ? `${k.collection.replace(/groups$/, '')}Group`.replace(/^./, (c) => c.toUpperCase()) : k.kind;
}

function paths(k: KindInfo): { collection: string; item: string; params: Json[] } {
  const steps = LEVEL_PATH[k.parent];
  const parent = steps.map((s) => `${s.collection}/{${s.meta}}`).join('/');
  const collection = `/v2/${parent ? `${parent}/` : ''}${k.collection}`;
  const params = [...steps.map((s) => s.meta), 'name'].map((n) => ({ name: n, in: 'path', required: true, schema: { type: 'string' } }));
  return { collection, item: `${collection}/{name}`, params };
}

/** TSB's REST message of a kind: `fqn`, `etag`, the object's fields; envelope-only metadata under `metadata`. */
function messageSchema(k: KindInfo): Json {
  const spec = JSON.parse(JSON.stringify(specSchema(k))) as Json;
  const props = (spec.properties as Json | undefined) ?? {};
  const { required: _r, ...rest } = spec;
  return {
    ...rest,
    type: 'object',
    description: `A ${k.kind} as TSB's REST API answers it: fqn, etag, then its fields`,
    properties: {
      fqn: { type: 'string' },
      etag: { type: 'string' },
      ...props,
      metadata: { type: 'object', description: 'labels, annotations, namespace, displayName/description set in the envelope metadata' },
    },
    required: ['fqn', 'etag'],
  };
}

function kindPaths(k: KindInfo, out: Json): void {
  const { collection, item, params } = paths(k);
  const envelope = { $ref: `#/components/schemas/${schemaName(k)}` };
  const ref = { $ref: `#/components/schemas/${schemaName(k)}Message` };
  const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
  const listParams = params.slice(0, -1);
  out[collection] = {
    ...((out[collection] as Json | undefined) ?? {}),
    get: {
      summary: `List ${k.collection}`,
      tags: [k.kind],
      parameters: listParams,
      responses: {
        200: { description: 'readable items', ...json({ type: 'object', properties: { [k.collection]: { type: 'array', items: ref } } }) },
        ...errors(401, 404),
      },
    },
    post: {
      summary: `Create a ${k.kind} (TSB body {"name", "${k.bodyKey}"} or the envelope)`,
      tags: [k.kind],
      parameters: listParams,
      requestBody: json({ oneOf: [{ type: 'object', required: ['name'], properties: { name: { type: 'string' }, [k.bodyKey]: specSchema(k) } }, envelope] }),
      responses: { 201: { description: 'created', ...json(ref) }, ...errors(400, 401, 403, 404, 409) },
    },
  };
  out[item] = {
    get: {
      summary: `Get a ${k.kind}`,
      tags: [k.kind],
      parameters: params,
      responses: { 200: { description: 'the object', ...json(ref) }, ...errors(401, 404) },
    },
    put: {
      summary: `Replace a ${k.kind} (etag required)`,
      tags: [k.kind],
      parameters: params,
      requestBody: json({ oneOf: [ref, envelope] }),
      responses: { 200: { description: 'replaced', ...json(ref) }, ...errors(400, 401, 403, 404, 409) },
    },
    delete: {
      summary: `Delete a ${k.kind} and its children`,
      tags: [k.kind],
      parameters: [...params, { name: 'force', in: 'query', schema: { type: 'boolean' } }],
      responses: {
        200: { description: 'deleted FQNs', ...json({ type: 'object', properties: { deleted: { type: 'array', items: { type: 'string' } } } }) },
        ...errors(401, 403, 404, 409),
      },
    },
  };
  out[`${item}/status`] = {
    get: {
      summary: `Status of a ${k.kind}`,
      tags: [k.kind],
      parameters: params,
      responses: { 200: { description: 'status', ...json({ $ref: '#/components/schemas/Status' }) }, ...errors(401, 404) },
    },
  };
  out[`${item}/permissions`] = {
    get: {
      summary: 'What the caller may do on this resource (TSB QueryResourcePermissions)',
      tags: ['RBAC'],
      parameters: params,
      responses: { 200: { description: '{fqn, permissions: [READ|WRITE|CREATE|DELETE|SET_POLICY]}' }, ...errors(401, 403, 404) },
    },
  };
  out[`${item}/accessbindings`] = {
    get: {
      summary: 'Read the access bindings',
      tags: ['RBAC'],
      parameters: params,
      responses: { 200: { description: 'bindings', ...json({ $ref: '#/components/schemas/AccessBindings' }) }, ...errors(401, 403, 404) },
    },
    put: {
      summary: 'Replace the access bindings (SET_POLICY)',
      tags: ['RBAC'],
      parameters: params,
      requestBody: json({ $ref: '#/components/schemas/AccessBindings' }),
      responses: { 200: { description: 'bindings' }, ...errors(400, 401, 403, 404, 409) },
    },
  };
}

const staticPaths: Json = {
  '/v2/auth/login': {
    post: {
      summary: 'Exchange username/password for tokens',
      tags: ['Auth'],
      security: [],
      responses: { 200: { description: '{accessToken, refreshToken, expiresIn}' }, ...errors(400, 401, 429) },
    },
  },
  '/v2/auth/refresh': {
    post: {
      summary: 'Exchange a refresh token for new tokens',
      tags: ['Auth'],
      security: [],
      responses: { 200: { description: '{accessToken, refreshToken, expiresIn}' }, ...errors(400, 401) },
    },
  },
  '/v2/whoami': {
    get: { summary: 'The caller', tags: ['Auth'], responses: { 200: { description: '{subject, kind, organization, username}' }, ...errors(401) } },
  },
  '/v2/version': { get: { summary: 'Server version', tags: ['Server'], security: [], responses: { 200: { description: '{version}' } } } },
  '/v2/audit': {
    get: {
      summary: 'Audit log, newest first',
      tags: ['Server'],
      parameters: ['user', 'kind', 'fqn', 'since', 'limit'].map((n) => ({ name: n, in: 'query', schema: { type: 'string' } })),
      responses: { 200: { description: '{entries: [...]}' }, ...errors(400, 401) },
    },
  },
  '/v2/watch': {
    get: {
      summary: 'Server-sent events of changes from a revision',
      tags: ['Server'],
      parameters: [
        { name: 'revision', in: 'query', schema: { type: 'integer' } },
        { name: 'prefix', in: 'query', schema: { type: 'string' } },
      ],
      responses: { 200: { description: 'text/event-stream: event: change, data: {revision, fqn, kind, op, object?}' }, ...errors(400, 401) },
    },
  },
  '/healthz/ready': {
    get: {
      summary: 'Readiness (200 empty body, else 503)',
      tags: ['Server'],
      security: [],
      responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
    },
  },
  '/healthz/live': { get: { summary: 'Liveness', tags: ['Server'], security: [], responses: { 200: { description: 'alive' } } } },
  '/metrics': { get: { summary: 'Prometheus metrics', tags: ['Server'], security: [], responses: { 200: { description: 'text exposition format' } } } },
};

/** OpenAPI 3 of the whole REST API, generated from the kinds and their TypeBox schemas. */
export function openApiDocument(version: string): Json {
  const out: Json = { ...staticPaths, ...accessPaths };
  const schemas: Json = {
    Problem: {
      type: 'object',
      properties: Object.fromEntries(
        ['type', 'title', 'code', 'detail', 'field', 'fix', 'instance'].map((n) => [n, { type: 'string' }]).concat([['status', { type: 'integer' }]]),
      ),
    },
    Status: {
      type: 'object',
      properties: {
        status: { enum: ['ACCEPTED', 'READY', 'PARTIAL', 'FAILED', 'DIRTY'] },
        lastEvent: { type: 'string' },
        message: { type: 'string' },
        clusters: { type: 'object' },
      },
    },
    AccessBindings: {
      type: 'object',
      properties: {
        fqn: { type: 'string' },
        etag: { type: 'string' },
        allow: { type: 'array', items: { type: 'object', properties: { role: { type: 'string' }, subjects: { type: 'array', items: { type: 'object' } } } } },
      },
    },
  };
  for (const k of KINDS) {
    schemas[schemaName(k)] = JSON.parse(JSON.stringify(envelopeSchema(specSchema(k))));
    schemas[`${schemaName(k)}Message`] = messageSchema(k);
    kindPaths(k, out);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'meshbridge management plane',
      version,
      description:
        "TSB-shaped REST API: /v2/ + FQN. Objects are answered as TSB's messages ({fqn, etag, ...fields}; lists {<collection>: [...]}); writes take TSB's bodies or the tctl envelope. Errors are application/problem+json with a stable code.",
    },
    components: {
      schemas,
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        tetrateToken: { type: 'apiKey', in: 'header', name: 'x-tetrate-token' },
      },
    },
    security: [{ basic: [] }, { bearer: [] }, { tetrateToken: [] }],
    paths: out,
  };
}
