import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { CoreErrors, MeshError } from '../../api/index.js';
import { registerJsonParser } from './json-body.js';
import { registerProblemHandling } from './problem.js';

async function app(): Promise<ReturnType<typeof Fastify>> {
  const logged: unknown[] = [];
  const a = Fastify({ logger: { level: 'error', stream: { write: (l: string) => void logged.push(JSON.parse(l)) } }, bodyLimit: 64 });
  registerProblemHandling(a);
  registerJsonParser(a);
  a.get('/boom', async () => {
    throw new Error('secret internals at /srv/x.ts:12');
  });
  a.get('/gone', async () => {
    throw new MeshError(CoreErrors.NotFound, 'organizations/o/tenants/t not found', { details: { fqn: 'organizations/o/tenants/t' } });
  });
  a.post('/echo', async (req) => req.body);
  a.decorate('logged', logged);
  return a;
}

test('an unexpected error answers MB1000 with the request id and no internals; the log has the stack', async () => {
  const a = await app();
  const r = await a.inject({ method: 'GET', url: '/boom' });
  assert.equal(r.statusCode, 500);
  assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  const body = r.json() as Record<string, unknown>;
  assert.equal(body.code, 'MB1000');
  assert.match(String(body.detail), /request id \S+/);
  assert.doesNotMatch(r.body, /secret internals|x\.ts/);
  const logged = (a as unknown as { logged: { err?: { stack?: string }; reqId?: string }[] }).logged;
  assert.ok(logged.some((l) => l.err?.stack?.includes('secret internals') && String(body.detail).includes(String(l.reqId))));
});

test('MeshErrors keep their status, code, fix and details; unknown routes, big and non-JSON bodies are problems too', async () => {
  const a = await app();
  const gone = await a.inject({ method: 'GET', url: '/gone' });
  assert.equal(gone.statusCode, 404);
  assert.deepEqual(
    { code: gone.json().code, fqn: gone.json().fqn, fix: gone.json().fix },
    { code: 'MB1002', fqn: 'organizations/o/tenants/t', fix: CoreErrors.NotFound.fix },
  );
  assert.equal((await a.inject({ method: 'PATCH', url: '/v2/organizations/o' })).json().code, 'MB1016');
  assert.equal((await a.inject({ method: 'GET', url: '/nothing' })).json().code, 'MB1002');
  const big = await a.inject({
    method: 'POST',
    url: '/echo',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ x: 'y'.repeat(100) }),
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'MB1014');
  const text = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
  assert.equal(text.statusCode, 415);
  assert.equal(text.json().code, 'MB1015');
});
