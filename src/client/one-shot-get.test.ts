// The one-shot GET against real servers on loopback: node:http (Content-Length and chunked
// bodies) and raw TCP servers (a body ended by the connection's close, a cut or garbled answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dechunk, oneShotGet } from './one-shot-get.js';

async function withHttp(handler: RequestListener, fn: (base: string) => Promise<void>): Promise<void> {
  const srv = createHttpServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`);
  } finally {
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  }
}

async function withTcp(onConn: (s: Socket) => void, fn: (base: string) => Promise<void>): Promise<void> {
  const socks: Socket[] = [];
  const srv = createTcpServer((s) => {
    socks.push(s);
    onConn(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`);
  } finally {
    for (const s of socks) s.destroy();
    await new Promise((r) => srv.close(r));
  }
}

test('a Content-Length body is read whole; the request names the path and asks to close', async () => {
  let seen = '';
  await withHttp(
    (req, res) => {
      seen = `${req.method} ${req.url} ${req.headers.connection}`;
      res.statusCode = 503;
      res.setHeader('server', 'envoy');
      res.end('upstream connect error');
    },
    async (base) => {
      const r = await oneShotGet(`${base}/healthz/ready?x=1`, 2000);
      assert.equal(seen, 'GET /healthz/ready?x=1 close');
      assert.equal(r.status, 503);
      assert.equal(r.statusMessage, 'Service Unavailable');
      assert.equal(r.httpVersion, '1.1');
      assert.equal(r.body, 'upstream connect error');
      assert.deepEqual(
        r.headers.find(([k]) => k.toLowerCase() === 'server'),
        ['server', 'envoy'],
      );
    },
  );
});

test('a chunked body arriving in several writes is decoded', async () => {
  await withHttp(
    (_req, res) => {
      res.write('cluster_manager.cds.update_success: 1\n');
      setTimeout(() => res.end('server.state: 0\n'), 20);
    },
    async (base) => {
      const r = await oneShotGet(`${base}/stats`, 2000);
      assert.equal(r.status, 200);
      assert.equal(r.body, 'cluster_manager.cds.update_success: 1\nserver.state: 0\n');
    },
  );
});

test('a body without length ends with the connection; 204 has none', async () => {
  await withTcp(
    (s) => s.once('data', () => s.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nLIVE\n')),
    async (base) => {
      const r = await oneShotGet(`${base}/ready`, 2000);
      assert.equal(r.httpVersion, '1.0');
      assert.equal(r.body, 'LIVE\n');
    },
  );
  await withTcp(
    (s) => s.once('data', () => s.write('HTTP/1.1 204 No Content\r\n\r\n')),
    async (base) => assert.equal((await oneShotGet(`${base}/`, 2000)).body, ''),
  );
});

test('refused, timed out, cut short and garbled answers reject with their codes', async () => {
  const closed = await new Promise<number>((r) => {
    const s = createTcpServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => r(p));
    });
  });
  await assert.rejects(oneShotGet(`http://127.0.0.1:${closed}/`, 2000), { code: 'ECONNREFUSED' });
  await withTcp(
    () => undefined,
    (base) => assert.rejects(oneShotGet(`${base}/`, 150), { code: 'ETIMEDOUT', message: /within 150 ms/ }),
  );
  await withTcp(
    (s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')),
    (base) => assert.rejects(oneShotGet(`${base}/`, 2000), { code: 'ECONNRESET', message: /whole response body/ }),
  );
  await withTcp(
    (s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')),
    (base) => assert.rejects(oneShotGet(`${base}/`, 2000), { code: 'EPROTO', message: /not an HTTP\/1\.x response/ }),
  );
  await assert.rejects(oneShotGet('https://127.0.0.1:1/', 2000), /only http:\/\/ is probed/);
});

test('dechunk waits for the last chunk and rejects a bad size', () => {
  assert.equal(dechunk(Buffer.from('3\r\nabc\r\n')), undefined);
  assert.equal(dechunk(Buffer.from('3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n'))?.toString(), 'abcde');
  assert.throws(() => dechunk(Buffer.from('zz\r\n')), { code: 'EPROTO' });
});
