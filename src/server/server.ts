import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createStore, type Store } from '../store/index.js';
import { createAccessControl } from './auth/index.js';
import type { ServerDeps, ServerExtension } from './contracts.js';
import { parseListen, type ServerConfig } from './config.js';
import { secureDataDir } from './data-dir.js';
import { openSealedStore } from './secrets/index.js';
import { builtinExtensions } from './extensions.js';
import { createFeed, type StoreFeed } from './feed/index.js';
import { buildApp, createMetrics, instrumentStore } from './http/index.js';
import { ensureTlsMaterial, loadTlsFiles, type TlsMaterial } from './tls/index.js';

/** The admin password file inside the data directory (kept for `meshbridge up`). */
export const ADMIN_PASSWORD_FILE = 'admin-password';

/** A running management plane. */
export interface MeshbridgeServer {
  /** Base URL of the REST API, e.g. https://127.0.0.1:8443 (loopback when listening everywhere). */
  readonly url: string;
  readonly port: number;
  readonly tls: TlsMaterial | null;
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly log: Logger;
  /** Port of the cluster-agent listener (the real one when asked for port 0); undefined when off. */
  readonly agentPort: number | undefined;
  /** The admin password when this start created the admin with a generated one (print it once). */
  readonly generatedAdminPassword?: string;
  /** True when this start created the admin user. */
  readonly adminCreated: boolean;
  /** Stops accepting, finishes in-flight requests, stops extensions and closes the store. */
  close(): Promise<void>;
}

/** Extra knobs for embedding (tests, `meshbridge up`). */
export interface CreateServerOptions {
  readonly version: string;
  readonly logger?: Logger;
  readonly extensions?: readonly ServerExtension[];
}

async function listen(app: FastifyInstance, text: string): Promise<number> {
  const { host, port } = parseListen(text);
  if (host !== '') {
    await app.listen({ host, port });
  } else {
    // Every interface: dual-stack where IPv6 exists, IPv4 otherwise.
    await app.listen({ host: '::', port }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EAFNOSUPPORT' && e.code !== 'EADDRNOTAVAIL') throw e;
      await app.listen({ host: '0.0.0.0', port });
    });
  }
  return (app.server.address() as AddressInfo).port;
}

async function tlsFor(config: ServerConfig): Promise<TlsMaterial | null> {
  if (config.insecureHttp) return null;
  if (config.tlsCert && config.tlsKey) return loadTlsFiles(config.tlsCert, config.tlsKey);
  return ensureTlsMaterial(config.dataDir, config.hostnames);
}

/** Starts the management plane described by `config`. */
export async function createServer(config: ServerConfig, o: CreateServerOptions): Promise<MeshbridgeServer> {
  const log = o.logger ?? pino({ level: config.logLevel });
  // Before any file is created in it: umask 077, modes repaired, a directory others can write refused.
  await secureDataDir(config.dataDir, log);
  const tls = await tlsFor(config);
  const metrics = createMetrics();
  const raw = await createStore({ dataDir: config.dataDir, database: config.database });
  let ready = false;
  let feed: StoreFeed | undefined;
  const extensions = o.extensions ?? builtinExtensions({ agentListen: config.agentListen === 'off' ? null : config.agentListen });
  try {
    const store = instrumentStore(await openSealedStore(raw, { dataDir: config.dataDir, secretsKeyFile: config.secretsKeyFile, log }), metrics);
    const { auth, rbac } = createAccessControl({ store, dataDir: config.dataDir, organization: config.organization, log: log.child({ component: 'auth' }) });
    feed = await createFeed(store, (err) => log.error({ err }, 'change feed'));
    const boot = await auth.bootstrapAdmin(config.organization, config.adminPassword);
    if (boot.created) {
      const file = join(config.dataDir, ADMIN_PASSWORD_FILE);
      await writeFile(file, `${boot.password ?? config.adminPassword ?? ''}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
    }
    const deps: ServerDeps = { store, auth, rbac, feed, dataDir: config.dataDir, tls: tls ? { cert: tls.cert, key: tls.key, ca: tls.ca } : null, log };
    const app = await buildApp({
      store,
      auth,
      rbac,
      feed,
      extensions,
      extensionDeps: deps,
      logger: log,
      metrics,
      version: o.version,
      bodyLimit: config.bodyLimit,
      https: tls,
      ready: () => ready,
      watchHeartbeatMs: config.watchHeartbeatMs,
      credentialCacheMs: config.credentialCacheMs,
    });
    const port = await listen(app, config.listen);
    for (const e of extensions) await e.start?.(deps);
    ready = true;
    const host = parseListen(config.listen).host;
    const shown = host === '' || host === '::' || host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const url = `${tls ? 'https' : 'http'}://${shown}:${port}`;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        ready = false;
        await app.close();
        for (const e of [...extensions].reverse()) await e.stop?.().catch((err: unknown) => log.error({ err, extension: e.name }, 'extension stop failed'));
        feed?.stop();
        rbac.close();
        await raw.close();
      })());
    const agentPort = extensions.map((e) => (e as { readonly agentPort?: unknown }).agentPort).find((p): p is number => typeof p === 'number');
    return {
      url,
      port,
      tls,
      store,
      app,
      log,
      agentPort,
      adminCreated: boot.created,
      ...(boot.password ? { generatedAdminPassword: boot.password } : {}),
      close,
    };
  } catch (e) {
    feed?.stop();
    await raw.close().catch(() => {});
    throw e;
  }
}
