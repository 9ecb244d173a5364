import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubernetesInventory } from './kubernetes-inventory.js';

test('kubernetes inventory (against a fake API server: no Kubernetes here) lists namespaces and services with ports', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/namespaces')) return res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'b' } }, { metadata: { name: 'a' } }] }));
    if (req.url?.startsWith('/api/v1/services')) {
      return res.end(JSON.stringify({ kind: 'ServiceList', apiVersion: 'v1', items: [{ metadata: { namespace: 'a', name: 'web' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } }] }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'f', server: `http://127.0.0.1:${(server.address() as { port: number }).port}`, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'c', cluster: 'f', user: 'u' }], currentContext: 'c' });
  const inv = await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).read();
  assert.deepEqual(inv, { namespaces: ['a', 'b'], services: [{ namespace: 'a', name: 'web', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }] });
  assert.deepEqual(seen.map((u) => u.split('?')[0]).sort(), ['/api/v1/namespaces', '/api/v1/services']);
});

test('kubernetes inventory (against a fake API server) lists running pods with an istio-proxy container, with their IPs', async (t) => {
  const pod = (ns: string, name: string, containers: string[], ip: string | undefined, phase = 'Running', init: string[] = []) => ({ metadata: { namespace: ns, name }, spec: { containers: containers.map((c) => ({ name: c })), initContainers: init.map((c) => ({ name: c })) }, status: { phase, podIP: ip } });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/pods')) {
      return res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [pod('shop', 'web-0', ['web', 'istio-proxy'], '10.0.0.7'), pod('shop', 'plain', ['web'], '10.0.0.8'), pod('shop', 'pending', ['web', 'istio-proxy'], undefined, 'Pending'), pod('pay', 'native', ['pay'], '10.0.0.9', 'Running', ['istio-proxy'])] }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'f', server: `http://127.0.0.1:${(server.address() as { port: number }).port}`, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'c', cluster: 'f', user: 'u' }], currentContext: 'c' });
  assert.deepEqual(await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).pods(), [{ namespace: 'shop', name: 'web-0', ip: '10.0.0.7' }, { namespace: 'pay', name: 'native', ip: '10.0.0.9' }]);
});
