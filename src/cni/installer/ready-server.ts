import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChainState } from './chain-state.js';

/**
 * Serves the chain state: `GET /readyz` answers 200 when chained (503 otherwise) with the state as
 * JSON, `GET /state` always 200 with the same JSON (for the cluster agent), `GET /healthz/live` 200.
 */
export async function startReadyServer(host: string, port: number, state: () => ChainState): Promise<{ server: Server; address: AddressInfo }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz/live') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz' || path === '/state') {
      const s = state();
      const body = JSON.stringify(s, null, 2) + '\n';
      res
        .writeHead(path === '/state' || s.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /readyz, /state or /healthz/live\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, address: server.address() as AddressInfo };
}
