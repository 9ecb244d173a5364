import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Finds the built UI (`dist/ui` of the package): walks up from this module, which runs from
 * src/server/http under tsx and from dist/ or dist/chunks/ once bundled.
 */
export function locateUiDir(start = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'meshbridge') {
      const ui = join(dir, 'dist', 'ui');
      return existsSync(join(ui, 'index.html')) ? ui : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>meshbridge</title></head>
<body><main><h1>meshbridge</h1><p>The web UI is not built in this installation: run <code>npm run build</code>
and restart the server. The REST API is at <code>/v2/</code>.</p></main></body></html>`;

/**
 * Serves the web UI at `/` on the API's port: hashed assets are immutable, index.html is
 * revalidated on every load so a new build is picked up at once. `GET /v2/ui/connect` tells the
 * "Connect tctl" page which CA signed this server's certificate.
 */
export async function registerUiRoutes(app: FastifyInstance, o: { uiDir: string | null; caCertificate: string | null }): Promise<void> {
  app.get('/v2/ui/connect', async () => ({ caCertificate: o.caCertificate }));
  if (!o.uiDir) {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root: o.uiDir,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders(res, path) {
      res.setHeader('cache-control', path.includes(`${join('ui', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
