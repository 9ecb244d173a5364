import { KINDS, LEVEL_PATH, type KindInfo } from '../../api/index.js';
import { envelopeSchema, specSchema } from '../../api/schemas/index.js';

type Json = Record<string, unknown>;

const problem = { $ref: '#/components/schemas/Problem' };
const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'problem+json', content: { 'application/problem+json': { schema: problem } } }]));

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

const pathParams = (...names: string[]): Json[] => names.map((n) => ({ name: n, in: 'path', required: true, schema: { type: 'string' } }));
const jsonBody = (description: string): Json => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const SA_KEYS = '/v2/organizations/{organization}/serviceaccounts/{name}/keys';
const CLUSTER_CREDENTIALS = '/v2/organizations/{organization}/clusters/{name}/credentials';

/** Routes of auth, rbac and cluster distribution that are not per-kind CRUD. */
const accessPaths: Json = {
  '/v2/organizations/{organization}/users/{name}/password': {
    put: {
      summary: "Set a user's password (the user with the current password, or an admin)",
      tags: ['Auth'],
      parameters: pathParams('organization', 'name'),
      requestBody: jsonBody('{"password", "currentPassword"?}'),
      responses: { 204: { description: "changed; the user's tokens are void" }, ...errors(400, 401, 403, 404) },
    },
  },
  '/v2/auth/signing-key/rotate': {
    post: {
      summary: 'Rotate the token signing key: every issued token is void (organization admins)',
      tags: ['Auth'],
      responses: { 200: { description: '{keyId}' }, ...errors(401, 403) },
    },
  },
  [SA_KEYS]: {
    get: {
      summary: "List a service account's public keys",
      tags: ['Auth'],
      parameters: pathParams('organization', 'name'),
      responses: { 200: { description: '{keys: [{id, algorithm, publicKey, createdAt}]}' }, ...errors(401, 403, 404) },
    },
    post: {
      summary: 'Issue a key pair (private key returned once); rotate: true revokes the others',
      tags: ['Auth'],
      parameters: pathParams('organization', 'name'),
      requestBody: jsonBody('{"algorithm"?: "RS256"|"ES256", "rotate"?: boolean}'),
      responses: { 201: { description: '{keys: [{id, algorithm, publicKey, privateKey, createdAt}]}' }, ...errors(400, 401, 403, 404) },
    },
  },
  [`${SA_KEYS}/{id}`]: {
    delete: {
      summary: 'Revoke one service-account key',
      tags: ['Auth'],
      parameters: pathParams('organization', 'name', 'id'),
      responses: { 200: { description: '{revoked}' }, ...errors(401, 403, 404) },
    },
  },
  '/v2/accessbindings': {
    put: {
      summary: "Replace the access bindings named by the body's fqn (tctl apply of AccessBindings)",
      tags: ['RBAC'],
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/AccessBindings' } } } },
      responses: { 200: { description: 'bindings' }, ...errors(400, 401, 403, 404, 409) },
    },
  },
  [CLUSTER_CREDENTIALS]: {
    post: {
      summary: 'Issue a cluster key pair (private JWK returned once); ?rotate=true revokes the older keys',
      tags: ['Cluster'],
      parameters: [...pathParams('organization', 'name'), { name: 'rotate', in: 'query', schema: { type: 'boolean' } }],
      responses: { 201: { description: '{clusterFqn, keyId, jwk}' }, ...errors(400, 401, 403, 404) },
    },
    get: {
      summary: "List a cluster's key ids",
      tags: ['Cluster'],
      parameters: pathParams('organization', 'name'),
      responses: { 200: { description: '{clusterFqn, credentials: [{keyId, createdAt}]}' }, ...errors(401, 403, 404) },
    },
    delete: {
      summary: 'Revoke every key of a cluster (its agents are cut off)',
      tags: ['Cluster'],
      parameters: pathParams('organization', 'name'),
      responses: { 200: { description: '{revoked}' }, ...errors(401, 403, 404) },
    },
  },
  '/v2/cas/root': {
    get: {
      summary: 'The mesh root CA certificate every cluster intermediate chains to',
      tags: ['CA'],
      responses: { 200: { description: '{rootCertPem, createdAt, serial, subject, notBefore, notAfter, sha256}' }, ...errors(401) },
    },
  },
  '/v2/organizations/{organization}/clusters/{name}/cacerts': {
    get: {
      summary: "The cluster's plug-in CA status: public files (no private key), intermediates, rotation timing, what its agent holds (READ on the cluster)",
      tags: ['CA'],
      parameters: pathParams('organization', 'name'),
      responses: {
        200: { description: '{clusterFqn, files (ca-cert.pem, cert-chain.pem, root-cert.pem), intermediates, rotations, status, delivery}' },
        ...errors(400, 401, 403, 404),
      },
    },
  },
  '/v2/organizations/{organization}/clusters/{name}/cacerts/rotate': {
    post: {
      summary: 'Issue the cluster a new intermediate from the same mesh root',
      tags: ['CA'],
      parameters: pathParams('organization', 'name'),
      responses: { 201: { description: 'the new status (no private key; the agent delivers it)' }, ...errors(401, 403, 404) },
    },
  },
  '/v2/organizations/{organization}/ca/root-rotation': {
    get: {
      summary: "The mesh root rotation: its step and every cluster's progress (READ on the organization)",
      tags: ['CA'],
      parameters: pathParams('organization'),
      responses: { 200: { description: '{phase, step, gate, clusters, history, last}' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/v2/organizations/{organization}/ca/root-rotation/plan': {
    get: {
      summary: 'What a root rotation would do (or the next step of the one in progress), per cluster',
      tags: ['CA'],
      parameters: pathParams('organization'),
      responses: { 200: { description: 'the status, with the plan' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/v2/organizations/{organization}/ca/root-rotation/start': {
    post: {
      summary: 'Start a mesh root rotation (step 1: every cluster trusts old and new roots)',
      tags: ['CA'],
      parameters: pathParams('organization'),
      responses: { 200: { description: 'the new status' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/v2/organizations/{organization}/ca/root-rotation/advance': {
    post: {
      summary: 'Move the root rotation to its next step once every cluster reached the current one',
      tags: ['CA'],
      parameters: pathParams('organization'),
      responses: { 200: { description: 'the new status' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/v2/organizations/{organization}/ca/root-rotation/abort': {
    post: {
      summary: 'Undo the root rotation by one safe step',
      tags: ['CA'],
      parameters: pathParams('organization'),
      responses: { 200: { description: 'the new status' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/v2/organizations/{organization}/trust': {
    get: {
      summary:
        "What the fleet's workloads trust: per cluster, workloads grouped by root bundle and chain root; root sets across the fleet; outliers; rotation progress with from/to",
      tags: ['CA'],
      parameters: [...pathParams('organization'), ...['cluster', 'workspace', 'from', 'to'].map((name) => ({ name, in: 'query', schema: { type: 'string' } }))],
      responses: { 200: { description: '{clusters, roots, rootSets, outliers, total} (src/api/trust FleetTrustView)' }, ...errors(400, 401, 403, 404) },
    },
  },
  [`${CLUSTER_CREDENTIALS}/{id}`]: {
    delete: {
      summary: 'Revoke one cluster key',
      tags: ['Cluster'],
      parameters: pathParams('organization', 'name', 'id'),
      responses: { 200: { description: '{revoked}' }, ...errors(401, 403, 404) },
    },
  },
  '/v2/organizations/{organization}/services': {
    get: {
      summary: 'The global service registry: every hostname a gateway of a cluster you may read exposes (issue #17)',
      tags: ['Cluster'],
      parameters: pathParams('organization'),
      responses: { 200: { description: '{services: [{fqn, hostname, health, clusters: [{cluster, fqn, network, region, gateways}]}]}' }, ...errors(401) },
    },
  },
  '/v2/organizations/{organization}/services/{hostname}': {
    get: {
      summary: 'One hostname of the service registry: the clusters and gateways exposing it',
      tags: ['Cluster'],
      parameters: pathParams('organization', 'hostname'),
      responses: { 200: { description: '{fqn, hostname, health, clusters}' }, ...errors(400, 401, 404) },
    },
  },
};

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
