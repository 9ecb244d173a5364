import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { KubernetesSink } from './kubernetes-sink.js';
import { kubeConfigFor } from '../fake-kube-api.test-support.js';

interface Seen {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

const RESOURCES: Record<string, { name: string; kind: string }[]> = {
  'networking.istio.io/v1': [
    { name: 'gateways', kind: 'Gateway' },
    { name: 'virtualservices', kind: 'VirtualService' },
    { name: 'destinationrules', kind: 'DestinationRule' },
    { name: 'sidecars', kind: 'Sidecar' },
    { name: 'serviceentries', kind: 'ServiceEntry' },
  ],
  'security.istio.io/v1': [
    { name: 'peerauthentications', kind: 'PeerAuthentication' },
    { name: 'authorizationpolicies', kind: 'AuthorizationPolicy' },
    { name: 'requestauthentications', kind: 'RequestAuthentication' },
  ],
};

/** A fake API server: discovery, server-side apply (PATCH), DELETE and label-selected LIST. */
async function fakeApi(
  t: { after(fn: () => Promise<void> | void): void },
  failList?: string,
  cacerts?: Record<string, unknown>,
): Promise<{ seen: Seen[]; url: string }> {
  const seen: Seen[] = [];
  const read = (req: IncomingMessage): Promise<string> =>
    new Promise((r) => {
      let b = '';
      req.on('data', (c) => (b += String(c)));
      req.on('end', () => r(b));
    });
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, contentType: String(req.headers['content-type'] ?? ''), body });
    res.setHeader('content-type', 'application/json');
    const gv = /^\/apis\/([^/]+\/v1)$/.exec(url.pathname);
    if (gv)
      return res.end(
        JSON.stringify({
          kind: 'APIResourceList',
          groupVersion: gv[1],
          resources: (RESOURCES[gv[1]] ?? []).map((r) => ({ ...r, namespaced: true, verbs: ['get', 'list', 'patch', 'delete'] })),
        }),
      );
    if (url.pathname === '/api/v1')
      return res.end(
        JSON.stringify({
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [{ name: 'secrets', kind: 'Secret', namespaced: true, verbs: ['get', 'patch', 'delete'] }],
        }),
      );
    if (req.method === 'GET' && url.pathname === '/api/v1/namespaces/istio-system/secrets/cacerts') {
      if (cacerts) return res.end(JSON.stringify(cacerts));
      res.statusCode = 404;
      return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'secrets "cacerts" not found' }));
    }
    if (req.method === 'GET' && url.pathname === failList) {
      res.statusCode = 503;
      return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 503, message: 'etcdserver: request timed out' }));
    }
    if (req.method === 'PATCH') return res.end(body.startsWith('{') ? body : '{}');
    if (req.method === 'DELETE') return res.end(JSON.stringify({ kind: 'Status', status: 'Success' }));
    if (req.method === 'GET' && url.pathname === '/apis/networking.istio.io/v1/virtualservices') {
      return res.end(
        JSON.stringify({
          kind: 'VirtualServiceList',
          items: [
            { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { namespace: 'ns1', name: 'keep' } },
            { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { namespace: 'ns1', name: 'stale' } },
          ],
        }),
      );
    }
    if (req.method === 'GET') return res.end(JSON.stringify({ kind: 'List', items: [] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { seen, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

test('kubernetes sink (against a fake API server: no Kubernetes here) server-side applies with its field manager, deletes removals and prunes by label on a full snapshot', async (t) => {
  const api = await fakeApi(t);
  const kc = kubeConfigFor(api.url);
  const sink = new KubernetesSink(KubernetesObjectApi.makeApiClient(kc));
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { namespace: 'ns1', name: 'keep', labels: { 'app.kubernetes.io/managed-by': 'meshbridge' } },
    spec: { hosts: ['a'] },
  };
  const errors = await sink.apply([{ key: 'ns1/VirtualService/keep', hash: 'h', fqn: 'f', object: vs }], ['ns2/PeerAuthentication/old'], true);
  assert.deepEqual(errors, []);
  const patch = api.seen.find((s) => s.method === 'PATCH');
  assert.ok(patch, 'a PATCH was sent');
  assert.match(patch.path, /^\/apis\/networking.istio.io\/v1\/namespaces\/ns1\/virtualservices\/keep\?/);
  assert.match(patch.path, /fieldManager=meshbridge-agent/);
  assert.match(patch.path, /force=true/);
  assert.equal(patch.contentType, 'application/apply-patch+yaml');
  const lists = api.seen.filter((s) => s.method === 'GET' && /labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmeshbridge/.test(s.path));
  assert.equal(lists.length, 8, 'one labelled list per prunable kind');
  const deletes = api.seen
    .filter((s) => s.method === 'DELETE')
    .map((s) => s.path.split('?')[0])
    .sort();
  assert.deepEqual(deletes, [
    '/apis/networking.istio.io/v1/namespaces/ns1/virtualservices/stale',
    '/apis/security.istio.io/v1/namespaces/ns2/peerauthentications/old',
  ]);
});

test('kubernetes sink (against a fake API server: no Kubernetes here): a prune list that fails is a retryable error, not a silent skip', async (t) => {
  const api = await fakeApi(t, '/apis/networking.istio.io/v1/virtualservices');
  const kc = kubeConfigFor(api.url);
  const sink = new KubernetesSink(KubernetesObjectApi.makeApiClient(kc));
  const errors = await sink.apply([], [], true);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].key, '*/VirtualService/*');
  assert.equal(errors[0].retry, true);
  assert.match(errors[0].message, /cannot list VirtualService \(networking.istio.io\/v1\) to prune/);
  // The other kinds were still listed (and a delta snapshot does not list at all).
  assert.equal(api.seen.filter((s) => s.method === 'GET' && /labelSelector/.test(s.path)).length, 8);
  assert.deepEqual(await sink.apply([], [], false), []);
});

test('kubernetes sink (against a fake API server: no Kubernetes here) refuses keys that would address another resource: ../ in a namespace or name, a slash, upper case; nothing reaches the API server', async (t) => {
  const api = await fakeApi(t);
  const kc = kubeConfigFor(api.url);
  const sink = new KubernetesSink(KubernetesObjectApi.makeApiClient(kc));
  const hostile = [
    { namespace: '..', name: 'x' },
    { namespace: 'ns1', name: '..' },
    { namespace: '..%2F..%2Fapi%2Fv1', name: 'secrets' },
    { namespace: 'Kube-System', name: 'x' },
    { namespace: 'ns1', name: 'a..b' },
  ];
  const upserts = hostile.map(({ namespace, name }) => ({
    key: `${namespace}/VirtualService/${name}`,
    hash: 'h',
    fqn: `f/${name}`,
    object: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { namespace, name }, spec: {} },
  }));
  const errors = await sink.apply(upserts, ['../Secret/admin', 'kube-system/../x'], false);
  assert.deepEqual(
    errors.map((e) => e.key),
    [...upserts.map((u) => u.key), '../Secret/admin', 'kube-system/../x'],
  );
  for (const e of errors) assert.match(e.message, /not (a DNS-1123|namespace\/Kind\/name|a Kubernetes kind)/);
  assert.deepEqual(
    api.seen.filter((s) => s.method !== 'GET'),
    [],
    'no PATCH or DELETE was sent',
  );
  assert.equal(await sink.repair(upserts), 0);
});

function sinkOf(url: string): KubernetesSink {
  const kc = kubeConfigFor(url);
  return new KubernetesSink(KubernetesObjectApi.makeApiClient(kc));
}

const delivered = {
  key: 'istio-system/Secret/cacerts',
  hash: 'h',
  fqn: 'organizations/o/clusters/c1',
  object: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { namespace: 'istio-system', name: 'cacerts', labels: { 'app.kubernetes.io/managed-by': 'meshbridge' } },
    data: {},
  },
};

test('kubernetes sink (against a fake API server: no Kubernetes here) never overwrites or deletes an istio-system/cacerts it did not deliver: a per-object error MB4921 naming the fix', async (t) => {
  const foreign = { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'istio-system', name: 'cacerts', labels: { team: 'pki' } }, data: {} };
  const api = await fakeApi(t, undefined, foreign);
  const errors = await sinkOf(api.url).apply([delivered], [], false);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].key, 'istio-system/Secret/cacerts');
  assert.match(
    errors[0].message,
    /^\[MB4921\] .*the Secret istio-system\/cacerts has no label app\.kubernetes\.io\/managed-by=meshbridge.*set spec\.bringYourOwnCa on the Cluster.*delete the Secret/,
  );
  assert.equal(api.seen.filter((x) => x.method === 'PATCH' || x.method === 'DELETE').length, 0, 'nothing written');
  const del = await sinkOf(api.url).apply([], ['istio-system/Secret/cacerts'], false);
  assert.match(del[0]?.message ?? '', /MB4921/);
  assert.equal(api.seen.filter((x) => x.method === 'DELETE').length, 0, 'nothing deleted');
});

test('kubernetes sink (against a fake API server: no Kubernetes here) applies cacerts when none exists or the one there carries its label', async (t) => {
  const none = await fakeApi(t);
  assert.deepEqual(await sinkOf(none.url).apply([delivered], [], false), []);
  assert.equal(none.seen.filter((x) => x.method === 'PATCH').length, 1);
  const ours = await fakeApi(t, undefined, delivered.object);
  assert.deepEqual(await sinkOf(ours.url).apply([delivered], ['istio-system/Secret/cacerts'], false), []);
  assert.equal(ours.seen.filter((x) => x.method === 'PATCH' || x.method === 'DELETE').length, 2);
});
