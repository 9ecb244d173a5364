// The REST routes that are not per-kind CRUD (auth, rbac, cluster distribution, CA, health, trust,
// registry) as OpenAPI path items; openapi.ts adds the per-kind ones.

export type Json = Record<string, unknown>;

const problem = { $ref: '#/components/schemas/Problem' };
export const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'problem+json', content: { 'application/problem+json': { schema: problem } } }]));

const pathParams = (...names: string[]): Json[] => names.map((n) => ({ name: n, in: 'path', required: true, schema: { type: 'string' } }));
const jsonBody = (description: string): Json => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const SA_KEYS = '/v2/organizations/{organization}/serviceaccounts/{name}/keys';
const CLUSTER_CREDENTIALS = '/v2/organizations/{organization}/clusters/{name}/credentials';

/** Routes of auth, rbac and cluster distribution that are not per-kind CRUD. */
export const accessPaths: Json = {
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
