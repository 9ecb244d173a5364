import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import { MeshClient } from './mesh-client.js';
import { ConnectionError, parseAddress } from './transport.js';
import { startFakeApi } from './fake-api.test-support.js';
import { isMeshError, CoreErrors, TctlErrors } from '../api/index.js';
import type { Tokens } from './types.js';

test('an expired access token is refreshed once, the request retried and the new tokens handed back', async (t) => {
  const api = await startFakeApi();
  t.after(() => api.close());
  const first = await new MeshClient({ address: api.address, tlsDisabled: true }).login('admin', 'pw');
  api.expiredTokens.add(first.accessToken);
  const saved: Tokens[] = [];
  const c = new MeshClient({
    address: api.address,
    tlsDisabled: true,
    credentials: { token: first.accessToken, refreshToken: first.refreshToken },
    onTokens: (tk) => void saved.push(tk),
  });
  const who = await c.whoami();
  assert.equal(who.username, 'admin');
  assert.equal(saved.length, 1);
  assert.notEqual(saved[0].accessToken, first.accessToken);
  assert.deepEqual(
    api.log.filter((l) => l.includes('whoami') || l.includes('refresh')),
    ['GET /v2/whoami', 'POST /v2/auth/refresh', 'GET /v2/whoami'],
  );
});

test('a refresh that fails turns into SessionExpired', async (t) => {
  const api = await startFakeApi();
  t.after(() => api.close());
  api.expiredTokens.add('old');
  const c = new MeshClient({ address: api.address, tlsDisabled: true, credentials: { token: 'old', refreshToken: 'bogus' } });
  await assert.rejects(c.whoami(), (e: unknown) => isMeshError(e, TctlErrors.SessionExpired));
});

test('problem+json answers become MeshErrors with the server code and extension members', async (t) => {
  const api = await startFakeApi();
  t.after(() => api.close());
  const c = new MeshClient({ address: api.address, tlsDisabled: true, credentials: { username: 'admin', password: 'pw' } });
  await assert.rejects(c.get('organizations/nope'), (e: unknown) => isMeshError(e, CoreErrors.NotFound) && e.details?.httpStatus === 404);
  api.readOnly.add('organizations/o');
  await assert.rejects(
    c.create('', 'organizations', { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', metadata: { name: 'o' } }),
    (e: unknown) => isMeshError(e, CoreErrors.Forbidden) && e.details?.permission === 'CREATE',
  );
});

test('a refused port is a ConnectionError of reason refused', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  const c = new MeshClient({ address: `127.0.0.1:${port}`, tlsDisabled: true });
  await assert.rejects(c.version(), (e: unknown) => e instanceof ConnectionError && e.reason === 'refused');
});

test('a server that never answers is a ConnectionError of reason timeout', async (t) => {
  const sockets: Socket[] = [];
  const srv: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  t.after(
    () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        srv.close(r);
      }),
  );
  const c = new MeshClient({ address: `127.0.0.1:${(srv.address() as AddressInfo).port}`, tlsDisabled: true, timeoutMs: 200 });
  await assert.rejects(c.version(), (e: unknown) => e instanceof ConnectionError && e.reason === 'timeout' && /within 200 ms/.test(e.message));
});

test('a failed name lookup is a ConnectionError of reason dns', async () => {
  const lookup = ((_h: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null) => void) => {
    const e: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND mp.invalid');
    e.code = 'ENOTFOUND';
    cb(e);
  }) as unknown as LookupFunction;
  const c = new MeshClient({ address: 'mp.invalid:8443', lookup });
  await assert.rejects(c.version(), (e: unknown) => e instanceof ConnectionError && e.reason === 'dns');
});

test('bridge addresses accept schemes, IPv6 brackets and default the port', () => {
  assert.deepEqual(parseAddress('tsb.example.com'), { secure: true, host: 'tsb.example.com', port: 8443 });
  assert.deepEqual(parseAddress('http://h:80'), { secure: false, host: 'h', port: 80 });
  assert.deepEqual(parseAddress('[::1]:9000'), { secure: true, host: '::1', port: 9000 });
  assert.deepEqual(parseAddress('h:1', true), { secure: false, host: 'h', port: 1 });
});

test('--debug lines never carry the tokens of login answers', async (t) => {
  const api = await startFakeApi();
  t.after(() => api.close());
  const lines: string[] = [];
  const tokens = await new MeshClient({ address: api.address, tlsDisabled: true, debug: (l) => void lines.push(l) }).login('admin', 'pw');
  assert.deepEqual(lines, ['> POST /v2/auth/login', '< 200 (body redacted: it carries tokens)']);
  assert.ok(!lines.join('\n').includes(tokens.accessToken));
});

test('watch delivers change events and turns a server error event into a MeshError', async (t) => {
  const srv = createHttpServer((_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: change\ndata: {"revision":3,"fqn":"organizations/o","kind":"Organization","op":"update"}\n\n');
    res.end('event: error\ndata: {"code":"MB1000","detail":"client too slow; resume with ?revision=<last revision seen>"}\n\n');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => srv.close(() => r())));
  const c = new MeshClient({ address: `127.0.0.1:${(srv.address() as AddressInfo).port}`, tlsDisabled: true });
  const seen: number[] = [];
  await assert.rejects(
    c.watch(2, 'organizations/o', (e) => void seen.push(e.revision)),
    (e: unknown) => isMeshError(e, CoreErrors.Internal) && /client too slow/.test(e.message),
  );
  assert.deepEqual(seen, [3]);
});
