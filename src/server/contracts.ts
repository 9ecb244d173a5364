/**
 * Contracts between the management plane's parts, so each can be built and tested on its own:
 * auth, rbac, feed, and extensions such as cluster distribution. None of them knows HTTP: every
 * route is registered by src/server/http, which calls the operations declared here.
 * Additive changes only; each part's folder implements its interface.
 */
import type { Change, ResourceInput, StoredResource, Store, WriteTx } from '../store/index.js';
import type { MeshError, RootRotationView } from '../api/index.js';
import type { TranslationNote } from '../translate/index.js';

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

/** Authentication: credentials → Principal (the account operations are on AuthService). */
export interface Auth {
  /**
   * Authenticates a request from its headers (Authorization: Basic|Bearer, x-tetrate-token; the
   * token wins when both are present). Throws MeshError Unauthenticated / TokenExpired /
   * TooManyAttempts.
   */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>, ip: string): Promise<Principal>;
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

/** Cluster credentials (TSB's cluster service account) as operations; routes in src/server/http. */
export interface ClusterCredentialOperations {
  /** Issues a key pair (WRITE); `rotate` revokes the older keys in the same write. The private JWK is returned once. */
  issue(p: Principal, clusterFqn: string, rotate: boolean): Promise<Record<string, unknown>>;
  /** Lists key ids (READ). */
  list(p: Principal, clusterFqn: string): Promise<Record<string, unknown>>;
  /** Revokes one key, or every key when `keyId` is undefined (WRITE); revoked agents are cut off at once. */
  revoke(p: Principal, clusterFqn: string, keyId: string | undefined): Promise<Record<string, unknown>>;
}

/** The mesh CA as operations; routes in src/server/http. */
export interface MeshCaOperations {
  /** The root certificate (public: any authenticated caller). */
  root(): Promise<Record<string, unknown>>;
  /** A cluster's cacerts status: public files, intermediates, what its agent holds (READ on the cluster); never a private key. `namespace` is refused (MB4944). */
  cacerts(p: Principal, clusterFqn: string, namespace: string | undefined): Promise<Record<string, unknown>>;
  /** Rotates a cluster's intermediate and returns the new status (SET_POLICY on the cluster); its agent receives the key. */
  rotate(p: Principal, clusterFqn: string, namespace: string | undefined): Promise<Record<string, unknown>>;
}

/** The mesh root rotation (issue #16) as operations: READ on the organization to follow it, SET_POLICY to act. */
export interface RootRotationOperations {
  /** What a rotation would do (or, during one, what the next step does), per cluster. */
  plan(p: Principal, org: string): Promise<RootRotationView>;
  /** The rotation's step and every cluster's progress through it. */
  status(p: Principal, org: string): Promise<RootRotationView>;
  /** Starts, advances (when every cluster reached the step) or aborts the rotation; returns the new status. */
  act(p: Principal, org: string, action: 'start' | 'advance' | 'abort'): Promise<RootRotationView>;
}

/** What an extension offers over REST; src/server/http registers the routes of whatever is present. */
export interface ExtensionOperations {
  readonly clusterCredentials?: ClusterCredentialOperations;
  readonly meshCa?: MeshCaOperations;
  readonly rootRotation?: RootRotationOperations;
  readonly sidecarHealth?: SidecarHealthOperations;
  readonly fleetTrust?: FleetTrustOperations;
  readonly serviceRegistry?: ServiceRegistryOperations;
  /** Status events that depend on the mesh view (issue #17: clusters a resource's traffic leaves out). */
  readonly translationNotes?: (res: { readonly fqn: string; readonly kind: string }) => readonly TranslationNote[];
}

/** The global service registry (issue #17) as operations; routes in src/server/http. */
export interface ServiceRegistryOperations {
  /** Every hostname exposed by a gateway of a cluster the caller may READ. */
  list(p: Principal, org: string): Promise<object>;
  /** One hostname; NotFound when no cluster the caller may read exposes it. */
  get(p: Principal, org: string, hostname: string): Promise<object>;
}

/** The fleet's workload trust (issue #16) as operations; routes in src/server/http. */
export interface FleetTrustOperations {
  /** Every cluster the caller may read in full, else the workloads of the workspaces they may read. */
  fleet(p: Principal, org: string, q: { cluster?: string; workspace?: string; from?: string; to?: string }): Promise<object>;
}

/** The fleet's sidecar health (issue #13) as operations; routes in src/server/http. */
export interface SidecarHealthOperations {
  /** One cluster's view (READ on the cluster); `sweep` asks its agent to probe now first. */
  cluster(p: Principal, org: string, cluster: string, sweep: boolean): Promise<object>;
  /** Every cluster the caller may read in full, else the pods of the workspaces they may read. */
  fleet(p: Principal, org: string, opts: { workspace?: string; cluster?: string; sweep: boolean }): Promise<object>;
}

/** A part that plugs into the server (e.g. cluster distribution on :9443). */
export interface ServerExtension {
  readonly name: string;
  readonly hooks?: readonly KindHook[];
  /** Operations served over REST (called once, before the server listens). */
  operations?(deps: ServerDeps): ExtensionOperations;
  start?(deps: ServerDeps): Promise<void>;
  stop?(): Promise<void>;
}
