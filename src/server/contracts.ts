/**
 * Contracts between the management plane's parts, so each can be built and tested on its own:
 * http (routes, error mapping), auth, rbac, feed, and extensions such as cluster distribution.
 * Additive changes only; each part's folder implements its interface.
 */
import type { FastifyInstance } from 'fastify';
import type { Change, ResourceInput, StoredResource, Store, WriteTx } from '../store/index.js';
import { CoreErrors, MeshError } from '../api/index.js';

/** Who is calling. `subject` is an FQN: organizations/o/users/u, …/serviceaccounts/s or …/clusters/c. */
export interface Principal {
  readonly subject: string;
  readonly kind: 'user' | 'serviceaccount' | 'cluster';
  readonly organization: string;
  /** Display login name (the user's name, or the service account's). */
  readonly username: string;
}

/** TSB's permissions. */
export type Permission = 'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'SET_POLICY' | 'GET_POLICY';

/** Authentication: credentials → Principal, plus the login/refresh/password routes. */
export interface Auth {
  /**
   * Authenticates a request from its headers (Authorization: Basic|Bearer, x-tetrate-token; the
   * token wins when both are present). Throws MeshError Unauthenticated / TokenExpired /
   * TooManyAttempts.
   */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>, ip: string): Promise<Principal>;
  /** Registers POST /v2/auth/login, POST /v2/auth/refresh, PUT /v2/{userFqn}/password, GET /v2/whoami. */
  register(app: FastifyInstance): Promise<void>;
  /** Creates the organization's `admin` user on first start; returns the generated password once. */
  bootstrapAdmin(organization: string, password?: string): Promise<{ created: boolean; password?: string }>;
  /** Kind hooks (e.g. ServiceAccount key pairs returned once on create). */
  readonly hooks: readonly KindHook[];
  /**
   * Calls `listener` when credentials stop being valid: a subject's (password changed, key
   * revoked, account deleted) or everyone's (`null`: signing key rotated), so caches in front of
   * `authenticate` drop them at once.
   */
  onRevoke?(listener: (subject: string | null) => void): () => void;
}

/** Access control: bindings inherited down the FQN tree. */
export interface Rbac {
  can(p: Principal, permission: Permission, fqn: string): Promise<boolean>;
  /**
   * Throws Forbidden naming the missing permission and the FQN — or NotFound (same as a missing
   * resource) when the caller may not even read it.
   */
  require(p: Principal, permission: Permission, fqn: string): Promise<void>;
  /** The NotFound for an FQN the caller may not read: existence hidden, what it can reach listed. */
  hidden(p: Principal, fqn: string): Promise<MeshError>;
  /** The subset of `resources` the caller may read, order kept. */
  readable(p: Principal, resources: readonly StoredResource[]): Promise<StoredResource[]>;
  /** Registers GET/PUT /v2/{fqn}/accessbindings. */
  register(app: FastifyInstance): Promise<void>;
}

/** Per-kind behaviour around generic writes (service account keys, cluster credentials, …). */
export interface KindHook {
  readonly kind: string;
  /** Runs inside the create transaction; returned fields are merged into the create response only. */
  afterCreate?(tx: WriteTx, res: StoredResource): Promise<Record<string, unknown> | void>;
  /** Runs inside the delete transaction for each removed resource of this kind. */
  afterDelete?(tx: WriteTx, fqn: string): Promise<void>;
  /**
   * Runs inside the create/replace transaction before the resource is stored (`before` is
   * undefined on create); throwing aborts the write (e.g. Team members need SET_POLICY).
   */
  beforeWrite?(tx: WriteTx, p: Principal, before: StoredResource | undefined, after: ResourceInput): Promise<void>;
}

/** The change feed: one poller of the store's revision fanned out to in-process listeners. */
export interface Feed {
  /** Latest revision seen. */
  readonly revision: number;
  /** Calls `listener` for every change after `fromRevision`, in order, without gaps. */
  subscribe(fromRevision: number, listener: (changes: readonly Change[]) => void): () => void;
}

/** What the server hands to extensions. */
export interface ServerDeps {
  readonly store: Store;
  readonly auth: Auth;
  readonly rbac: Rbac;
  readonly feed: Feed;
  readonly dataDir: string;
  /** The server's TLS material (PEM), for extensions that listen on their own port. */
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string } | null;
  readonly log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/** A part that plugs into the server (e.g. cluster distribution on :9443). */
export interface ServerExtension {
  readonly name: string;
  readonly hooks?: readonly KindHook[];
  register?(app: FastifyInstance, deps: ServerDeps): Promise<void>;
  start?(deps: ServerDeps): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * HTTP conventions between the server (src/server/http) and the parts that register routes:
 * - The server's own routes authenticate before their handler and set `request.principal` (read it
 *   with `principalOf(req)`); routes registered by auth, rbac and extensions authenticate their
 *   caller themselves with `auth.authenticate` (login/refresh/version need no credentials).
 * - Routes on a resource's sub-path (`/v2/{fqn}/accessbindings`, `/v2/{fqn}/password`) register one
 *   parametric route per FQN depth (`/v2/:c0/:n0/…/accessbindings`): find-my-way prefers them over
 *   the generic `/v2/*` resource route. `/v2/{fqn}/status` belongs to the server.
 */
declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated caller of a request on one of the server's routes. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new MeshError(CoreErrors.Unauthenticated, 'this request carries no credentials');
  return req.principal;
}
