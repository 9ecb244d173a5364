import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { KubernetesInventory } from './kubernetes-inventory.js';
import { kubeConfigServing } from '../fake-kube-api.test-support.js';

const svc = (ns: string, name: string, labels: Record<string, string>, spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({
  metadata: { namespace: ns, name, labels },
  spec,
  status,
});
const pod = (ns: string, name: string, labels: Record<string, string>) => ({
  metadata: { namespace: ns, name, labels },
  spec: { containers: [{ name: 'istio-proxy' }] },
  status: { phase: 'Running', podIP: '10.0.0.1' },
});

/** What the fake API server answers, by path. */
const CLUSTER: Record<string, unknown> = {
  '/api/v1/namespaces': { kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'istio-system' } }, { metadata: { name: 'shop' } }] },
  '/api/v1/services': {
    kind: 'ServiceList',
    apiVersion: 'v1',
    items: [
      // Istio's east-west gateway, LoadBalancer with a hostname, on network net-a.
      svc(
        'istio-system',
        'istio-eastwestgateway',
        { istio: 'eastwestgateway', 'topology.istio.io/network': 'net-a' },
        { type: 'LoadBalancer', selector: { istio: 'eastwestgateway' }, ports: [{ name: 'tls', port: 15443, nodePort: 31443, protocol: 'TCP' }] },
        { loadBalancer: { ingress: [{ hostname: 'ew.west.example.com' }] } },
      ),
      // A TSB-installed ingress gateway (install.tetrate.io IngressGateway of the same name), NodePort only.
      svc(
        'shop',
        'tsb-gateway-shop',
        { app: 'tsb-gateway-shop' },
        { type: 'NodePort', selector: { app: 'tsb-gateway-shop' }, ports: [{ name: 'https', port: 443, nodePort: 30443 }] },
      ),
      // A plain service: not a gateway.
      svc('shop', 'web', { app: 'web' }, { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }),
    ],
  },
  '/api/v1/pods': {
    kind: 'PodList',
    apiVersion: 'v1',
    items: [
      pod('istio-system', 'istio-eastwestgateway-0', { istio: 'eastwestgateway' }),
      pod('shop', 'tsb-gateway-shop-0', { app: 'tsb-gateway-shop', 'topology.istio.io/network': 'net-a' }),
      pod('shop', 'web-0', { app: 'web' }),
    ],
  },
  '/api/v1/nodes': {
    kind: 'NodeList',
    apiVersion: 'v1',
    items: [
      {
        metadata: { name: 'n1' },
        status: {
          addresses: [
            { type: 'InternalIP', address: '192.168.0.11' },
            { type: 'ExternalIP', address: '198.51.100.11' },
          ],
        },
      },
      { metadata: { name: 'n2' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.12' }] } },
    ],
  },
  '/apis/networking.istio.io/v1beta1/gateways': {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'GatewayList',
    items: [
      {
        metadata: { namespace: 'shop', name: 'shop-gw' },
        spec: {
          selector: { app: 'tsb-gateway-shop' },
          servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop/Shop.Example.com', '*.api.example.com'] }],
        },
      },
      {
        metadata: { namespace: 'istio-system', name: 'cross-network-gateway' },
        spec: {
          selector: { istio: 'eastwestgateway' },
          servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
        },
      },
      { metadata: { namespace: 'shop', name: 'other' }, spec: { selector: { app: 'nobody' }, servers: [{ hosts: ['nobody.example.com'] }] } },
    ],
  },
  '/apis/install.tetrate.io/v1alpha1/ingressgateways': { items: [{ metadata: { namespace: 'shop', name: 'tsb-gateway-shop' }, spec: {} }] },
};

test('kubernetes inventory (against a fake API server: no Kubernetes here) reports gateway Services: LoadBalancer hostnames or node addresses with NodePorts, hostnames of the Istio Gateways selecting their pods, network and pods', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    seen.push(path);
    res.setHeader('content-type', 'application/json');
    if (path in CLUSTER) return res.end(JSON.stringify(CLUSTER[path]));
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  const kc = await kubeConfigServing(t, server);
  const inv = await new KubernetesInventory(kc.makeApiClient(CoreV1Api), kc.makeApiClient(CustomObjectsApi)).read();
  assert.deepEqual(inv.gateways, [
    {
      namespace: 'istio-system',
      name: 'istio-eastwestgateway',
      kind: 'eastwest',
      addresses: ['ew.west.example.com'],
      ports: [{ name: 'tls', port: 15443, nodePort: 0, protocol: 'TCP' }],
      hostnames: ['*.local'],
      network: 'net-a',
      pods: ['istio-eastwestgateway-0'],
    },
    {
      namespace: 'shop',
      name: 'tsb-gateway-shop',
      kind: 'ingress',
      addresses: ['192.168.0.12', '198.51.100.11'],
      ports: [{ name: 'https', port: 443, nodePort: 30443, protocol: 'TCP' }],
      hostnames: ['*.api.example.com', 'shop.example.com'],
      network: 'net-a',
      pods: ['tsb-gateway-shop-0'],
    },
  ]);
  // install.tetrate.io Tier1Gateway/Gateway CRDs are absent here (404): discovery goes on without them.
  assert.ok(seen.includes('/apis/install.tetrate.io/v1alpha1/tier1gateways'));
});

test('GIVEN a cluster without gateway Services WHEN the kubernetes inventory is read (against a fake API server) THEN no pods or nodes are listed for discovery', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    seen.push(path);
    res.setHeader('content-type', 'application/json');
    if (path === '/api/v1/services') return res.end(JSON.stringify({ kind: 'ServiceList', apiVersion: 'v1', items: [] }));
    if (path === '/api/v1/namespaces') return res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [] }));
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  const kc = await kubeConfigServing(t, server);
  const inv = await new KubernetesInventory(kc.makeApiClient(CoreV1Api), kc.makeApiClient(CustomObjectsApi)).read();
  assert.deepEqual(inv.gateways, []);
  assert.equal(seen.includes('/api/v1/pods') || seen.includes('/api/v1/nodes'), false);
});
