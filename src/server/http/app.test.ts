import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createStore } from '../../store/index.js';
import { createAccessControl } from '../auth/index.js';
import { builtinExtensions } from '../extensions.js';
import { createFeed } from '../feed/index.js';
import type { ServerDeps } from '../contracts.js';
import { buildApp } from './app.js';
import { createMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';

test('every documented route but the public ones (security: []) answers 401 without credentials: one pre-handler guards them all', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-app-'));
  const store = await createStore({ dataDir: dir });
  const log = pino({ level: 'silent' });
  const { auth, rbac } = createAccessControl({ store, dataDir: dir, organization: 'o', scrypt: { N: 1024, r: 8, p: 1 } });
  const feed = await createFeed(store);
  const extensions = builtinExtensions({ agentListen: null });
  const deps: ServerDeps = { store, auth, rbac, feed, dataDir: dir, tls: null, log };
  const app = await buildApp({
    store,
    auth,
    rbac,
    feed,
    extensions,
    extensionDeps: deps,
    logger: log,
    metrics: createMetrics(),
    version: 't',
    bodyLimit: 1 << 20,
    https: null,
    ready: () => true,
    watchHeartbeatMs: 1000,
    credentialCacheMs: 0,
  });
  t.after(async () => {
    await app.close();
    feed.stop();
    rbac.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const paths = openApiDocument('t').paths as Record<string, Record<string, { security?: unknown[] }>>;
  let guarded = 0;
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const url = path.replace(/\{(\w+)\}/g, (_m, n: string) => `${n.toLowerCase()}1`);
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url, ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) });
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (isPublic) assert.notEqual(res.statusCode, 401, `${method.toUpperCase()} ${path} is public`);
      else {
        assert.equal(res.statusCode, 401, `${method.toUpperCase()} ${url}: ${res.body}`);
        assert.equal(res.headers['www-authenticate'], 'Basic realm="meshbridge", Bearer');
        guarded++;
      }
    }
  }
  assert.ok(guarded > 50, `only ${guarded} guarded operations found`);
});
