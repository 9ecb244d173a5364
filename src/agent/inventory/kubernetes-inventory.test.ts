import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { CoreV1Api } from '@kubernetes/client-node';
import { createHash, X509Certificate } from 'node:crypto';
import { cacertsSecret, createRootCa, issueIntermediate } from '../../pki/index.js';
import { KubernetesInventory } from './kubernetes-inventory.js';
import { kubeConfigServing } from '../fake-kube-api.test-support.js';

test('kubernetes inventory (against a fake API server: no Kubernetes here) lists namespaces and services with ports', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/namespaces/istio-system/secrets/cacerts')) {
      res.statusCode = 404;
      return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    }
    if (req.url?.startsWith('/api/v1/namespaces'))
      return res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'b' } }, { metadata: { name: 'a' } }] }));
    if (req.url?.startsWith('/api/v1/services')) {
      return res.end(
        JSON.stringify({
          kind: 'ServiceList',
          apiVersion: 'v1',
          items: [{ metadata: { namespace: 'a', name: 'web' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } }],
        }),
      );
    }
    res.statusCode = 404;
    res.end('{}');
  });
  const kc = await kubeConfigServing(t, server);
  const inv = await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).read();
  assert.deepEqual(inv, {
    trustDomain: '',
    workloadTrust: [],
    workloadTrustReported: false,
    gateways: [],
    namespaces: ['a', 'b'],
    services: [{ namespace: 'a', name: 'web', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
  });
  assert.deepEqual(seen.map((u) => u.split('?')[0]).sort(), [
    '/api/v1/namespaces',
    '/api/v1/namespaces/istio-system/configmaps/istio',
    '/api/v1/namespaces/istio-system/secrets/cacerts',
    '/api/v1/services',
  ]);
});

async function withConfigMap(t: { after: (fn: () => Promise<void>) => void }, mesh: string | undefined): Promise<string> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/namespaces/istio-system/configmaps/istio')) {
      if (mesh === undefined) {
        res.statusCode = 404;
        return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
      }
      return res.end(JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh } }));
    }
    if (req.url?.startsWith('/api/v1/namespaces')) return res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [] }));
    return res.end(JSON.stringify({ kind: 'ServiceList', apiVersion: 'v1', items: [] }));
  });
  const kc = await kubeConfigServing(t, server);
  return (await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).read()).trustDomain ?? '';
}

test("GIVEN istiod mesh config in the istio ConfigMap WHEN the kubernetes inventory is read (against a fake API server) THEN it reports istiod's trust domain", async (t) => {
  assert.equal(await withConfigMap(t, 'trustDomain: east.example\ndefaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n'), 'east.example');
  assert.equal(await withConfigMap(t, 'defaultConfig: {}\n'), 'cluster.local', "Istio's default when the mesh config sets none");
  assert.equal(await withConfigMap(t, undefined), '', 'unknown without the ConfigMap: translation fails closed, it does not guess');
});

test('kubernetes inventory (against a fake API server) lists running pods with an istio-proxy container, with their IPs', async (t) => {
  const pod = (ns: string, name: string, containers: string[], ip: string | undefined, phase = 'Running', init: string[] = []) => ({
    metadata: { namespace: ns, name },
    spec: { containers: containers.map((c) => ({ name: c })), initContainers: init.map((c) => ({ name: c })) },
    status: { phase, podIP: ip },
  });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/pods')) {
      return res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          items: [
            pod('shop', 'web-0', ['web', 'istio-proxy'], '10.0.0.7'),
            pod('shop', 'plain', ['web'], '10.0.0.8'),
            pod('shop', 'pending', ['web', 'istio-proxy'], undefined, 'Pending'),
            pod('pay', 'native', ['pay'], '10.0.0.9', 'Running', ['istio-proxy']),
          ],
        }),
      );
    }
    res.statusCode = 404;
    res.end('{}');
  });
  const kc = await kubeConfigServing(t, server);
  assert.deepEqual(await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).pods(), [
    { namespace: 'shop', name: 'web-0', ip: '10.0.0.7' },
    { namespace: 'pay', name: 'native', ip: '10.0.0.9' },
  ]);
});

test('kubernetes inventory (against a fake API server: no Kubernetes here) reports the fingerprints of the cacerts Secret the cluster holds, never its key', async (t) => {
  const root = await createRootCa({ now: new Date(), keyType: 'ec' });
  const b = await issueIntermediate(root, 'west', { now: new Date(), keyType: 'ec' });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/namespaces/istio-system/secrets/cacerts')) return res.end(JSON.stringify(cacertsSecret(b)));
    if (req.url?.startsWith('/api/v1/namespaces/istio-system/configmaps')) {
      res.statusCode = 404;
      return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    }
    if (req.url?.startsWith('/api/v1/namespaces')) return res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [] }));
    return res.end(JSON.stringify({ kind: 'ServiceList', apiVersion: 'v1', items: [] }));
  });
  const kc = await kubeConfigServing(t, server);
  const inv = await new KubernetesInventory(kc.makeApiClient(CoreV1Api)).read();
  assert.equal(inv.ca?.source, 'cluster');
  assert.equal(inv.ca?.caCertSha256, createHash('sha256').update(new X509Certificate(b['ca-cert.pem']).raw).digest('hex'));
  assert.doesNotMatch(JSON.stringify(inv), /PRIVATE KEY/);
});
