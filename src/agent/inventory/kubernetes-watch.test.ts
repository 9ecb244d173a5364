import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { GATEWAY_WATCH_PATHS, watchCollections } from './kubernetes-watch.js';
import { kubeConfigServing } from '../fake-kube-api.test-support.js';

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), 'not reached within 5 s');
}

test('GIVEN watches of Services and Istio Gateways (against a fake API server) WHEN a Service changes THEN the inventory is told at once; a watch that ends is re-opened, a missing CRD retried', async (t) => {
  const opened: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    opened.push(path);
    if (path === '/api/v1/services') {
      res.setHeader('content-type', 'application/json');
      res.write(`${JSON.stringify({ type: 'ADDED', object: { kind: 'Service', metadata: { namespace: 'a', name: 'gw', resourceVersion: '1' } } })}\n`);
      setTimeout(() => {
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: { kind: 'Service', metadata: { namespace: 'a', name: 'gw', resourceVersion: '2' } } })}\n`);
        setTimeout(() => res.end(), 50);
      }, 300);
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  const kc = await kubeConfigServing(t, server);
  const calls: number[] = [];
  const t0 = Date.now();
  const stop = watchCollections(kc, GATEWAY_WATCH_PATHS, () => calls.push(Date.now() - t0), { coalesceMs: 50, retryMs: 200 });
  await until(() => calls.length >= 1);
  assert.equal(calls.length, 1, 'the initial ADDED event (the current state) is one callback, before the MODIFIED one is sent');
  await until(() => calls.length >= 2);
  assert.ok(calls[1] < 5000, 'the MODIFIED event is reported at once, not at the next 30 s re-list');
  await until(() => opened.filter((p) => p === '/api/v1/services').length >= 2 && opened.filter((p) => p === GATEWAY_WATCH_PATHS[1]).length >= 2);
  stop();
  assert.ok(opened.filter((p) => p === '/api/v1/services').length >= 2, 'the ended Services watch was re-opened');
  assert.ok(opened.filter((p) => p === GATEWAY_WATCH_PATHS[1]).length >= 2, 'the missing Gateway CRD is retried');
  const seen = opened.length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(opened.length, seen, 'nothing is opened after stop');
});
