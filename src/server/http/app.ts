import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Store } from '../../store/index.js';
import type { AuthService } from '../auth/index.js';
import type { Feed, KindHook, ServerDeps, ServerExtension } from '../contracts.js';
import type { RbacService } from '../rbac/index.js';
import { registerAccessBindingRoutes } from './access-bindings-routes.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerAccountRoutes, registerLoginRoutes } from './auth-routes.js';
import { CachedAuthenticator, authenticatedRoutes } from './authenticate.js';
import { registerCaRoutes, registerRootRotationRoutes } from './ca-routes.js';
import { registerCredentialRoutes } from './credential-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerJsonParser } from './json-body.js';
import { instrumentHttp, type ServerMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { registerProblemHandling } from './problem.js';
import { ReadCache } from './read-cache.js';
import { ResourceService } from './resource-service.js';
import { registerResourceRoutes } from './resource-routes.js';
import { registerSidecarHealthRoutes } from './sidecar-health-routes.js';
import { registerFleetTrustRoutes } from './fleet-trust-routes.js';
import { registerServiceRegistryRoutes } from './service-registry-routes.js';
import { locateUiDir, registerUiRoutes } from './ui-routes.js';
import { registerWatchRoutes } from './watch-routes.js';
import type { TranslationNote } from '../../translate/index.js';

/** Everything the HTTP layer is built from. */
export interface AppOptions {
  readonly store: Store;
  readonly auth: Pick<AuthService, 'authenticate' | 'onRevoke' | 'hooks' | 'accounts'>;
  readonly rbac: Pick<RbacService, 'can' | 'require' | 'readable' | 'hidden' | 'policies'>;
  readonly feed: Feed;
  readonly extensions: readonly ServerExtension[];
  readonly extensionDeps: ServerDeps;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly version: string;
  readonly bodyLimit: number;
  readonly https: { readonly cert: string; readonly key: string; readonly ca?: string } | null;
  /** The built web UI (dist/ui); undefined looks it up beside the package, null serves none. */
  readonly uiDir?: string | null;
  readonly ready: () => boolean;
  readonly watchHeartbeatMs: number;
  /** How long a verified credential is reused without asking auth again. */
  readonly credentialCacheMs: number;
}

/** Builds the Fastify app with every route of docs/api.md (not yet listening). */
export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger,
    // Per-request info logs would cost more than the request itself on the read path; errors still log.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: o.bodyLimit,
    ...(o.https ? { https: { cert: o.https.cert, key: o.https.key } } : {}),
  }) as unknown as FastifyInstance;
  registerProblemHandling(app);
  registerJsonParser(app);
  instrumentHttp(app, o.metrics);
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-request-id', req.id);
    return payload;
  });

  const authn = new CachedAuthenticator(o.auth, o.credentialCacheMs);
  const hooks: KindHook[] = [...o.auth.hooks, ...o.extensions.flatMap((e) => e.hooks ?? [])];
  const cache = new ReadCache(o.store);
  // Store notifications invalidate at once; the feed (which also polls) bounds staleness should a
  // PostgreSQL notification from another replica be lost.
  const stopFeed = o.feed.subscribe(o.feed.revision, () => cache.invalidate());
  app.addHook('onClose', async () => {
    stopFeed();
    cache.close();
    authn.close();
  });
  const operations = o.extensions.map((e) => e.operations?.(o.extensionDeps) ?? {});
  const meshNotes = (r: { readonly fqn: string; readonly kind: string }): TranslationNote[] =>
    operations.flatMap((ops) => [...(ops.translationNotes?.(r) ?? [])]);
  const service = new ResourceService({ store: o.store, rbac: o.rbac, hooks, cache, meshNotes });
  const openapi = JSON.stringify(openApiDocument(o.version));

  // Public: health, metrics, version, the OpenAPI document, and the routes that take credentials in the body.
  registerHealthRoutes(app, { store: o.store, ready: o.ready, metrics: o.metrics });
  app.get('/v2/version', async () => ({ version: o.version }));
  app.get('/v2/openapi.json', async (_req, reply) => reply.type('application/json').send(openapi));
  registerLoginRoutes(app, o.auth.accounts);
  // The web UI's files and its connect info (the CA certificate, public by nature).
  await registerUiRoutes(app, { uiDir: o.uiDir === undefined ? locateUiDir() : o.uiDir, caCertificate: o.https?.ca ?? null });
  // Everything else sits behind this one authentication pre-handler (it sets request.principal).
  await authenticatedRoutes(app, authn, (api) => {
    registerAccountRoutes(api, o.auth.accounts);
    registerAccessBindingRoutes(api, o.rbac.policies);
    registerAuditRoutes(api, { store: o.store, rbac: o.rbac });
    registerWatchRoutes(api, { store: o.store, rbac: o.rbac, feed: o.feed, heartbeatMs: o.watchHeartbeatMs });
    for (const ops of operations) {
      if (ops.clusterCredentials) registerCredentialRoutes(api, ops.clusterCredentials);
      if (ops.meshCa) registerCaRoutes(api, ops.meshCa);
      if (ops.rootRotation) registerRootRotationRoutes(api, ops.rootRotation);
      if (ops.sidecarHealth) registerSidecarHealthRoutes(api, ops.sidecarHealth);
      if (ops.fleetTrust) registerFleetTrustRoutes(api, ops.fleetTrust);
      if (ops.serviceRegistry) registerServiceRegistryRoutes(api, ops.serviceRegistry);
    }
    registerResourceRoutes(api, service);
  });
  return app;
}
