// DIRECT (raw Istio) objects against the real `meshbridge server` (issue 10): names are
// Kubernetes names checked at write time, and two objects that would be one cluster object are
// refused instead of one never landing and staying "waiting" forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, startServer, tempDir } from './_server.js';

const ORG = '/v2/organizations/tetrate';
const WS = `${ORG}/tenants/t/workspaces/w`;

test('DIRECT objects: a..b, ../x, upper case and 254-character names are refused (MB3201); a.b vs a-b and one name from two groups of a workspace collide (MB3200), naming the other', async (t) => {
  const dataDir = tempDir('mb-direct-');
  t.after(() => cleanup(dataDir));
  const s = await startServer({ dataDir });
  t.after(() => s.stop());
  const ok = async (method: string, path: string, body: unknown): Promise<void> => {
    const r = await s.request(method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  };
  await ok('POST', `${ORG}/tenants`, { name: 't', tenant: {} });
  await ok('POST', `${ORG}/tenants/t/workspaces`, { name: 'w', workspace: { namespaceSelector: { names: ['c1/*'] } } });
  await ok('POST', `${WS}/trafficgroups`, { name: 'd1', group: { namespaceSelector: { names: ['c1/bookinfo'] }, configMode: 'DIRECT' } });
  await ok('POST', `${WS}/trafficgroups`, { name: 'd2', group: { namespaceSelector: { names: ['c1/*'] }, configMode: 'DIRECT' } });
  await ok('POST', `${WS}/trafficgroups`, { name: 'd3', group: { namespaceSelector: { names: ['c1/other'] }, configMode: 'DIRECT' } });
  const vs = (group: string, name: string, namespace?: string) =>
    s.request('POST', `${WS}/trafficgroups/${group}/virtualservices`, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
      spec: { hosts: ['reviews'] },
    });

  for (const [name, namespace, field] of [
    ['a..b', undefined, 'metadata.name'],
    ['x'.repeat(254), undefined, 'metadata.name'],
    ['ok', '../kube-system', 'metadata.namespace'],
    ['ok', 'Bookinfo', 'metadata.namespace'],
  ] as const) {
    const r = await vs('d1', name, namespace);
    assert.ok(r.status === 400, `${name.slice(0, 20)} in ${namespace}: ${r.status} ${r.text}`);
    if (r.json.code === 'MB3201') assert.equal(r.json.field, field);
    else assert.equal(r.json.code, 'MB1001', `${name.slice(0, 20)}: refused by the schema or by MB3201, got ${r.text}`);
  }
  const dotted = await vs('d1', 'a..b');
  assert.ok(['MB3201', 'MB1001'].includes(String(dotted.json.code)));

  await ok('POST', `${WS}/trafficgroups/d1/virtualservices`, { name: 'a.b', virtualService: { hosts: ['reviews'] } });
  // a-b maps to the same Kubernetes name as a.b, in the same namespace.
  let r = await vs('d1', 'a-b');
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.code, 'MB3200');
  assert.match(String(r.json.detail), /trafficgroups\/d1\/virtualservices\/a\.b/);
  // The same name from another group of the workspace whose namespaces overlap (c1/* contains c1/bookinfo).
  r = await vs('d2', 'a.b');
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.code, 'MB3200');
  // ... unless it names a namespace the other cannot land in, or its group selects other namespaces.
  await ok('POST', `${WS}/trafficgroups/d2/virtualservices`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'a.b', namespace: 'other' },
    spec: { hosts: ['reviews'] },
  });
  r = await vs('d3', 'a.b');
  assert.equal(r.status, 409, `d3 selects c1/other, where d2's a.b lands: ${r.text}`);
  await ok('POST', `${WS}/trafficgroups/d3/destinationrules`, { name: 'a.b', destinationRule: { host: 'reviews' } });
  for (const path of [`${WS}/trafficgroups/d1/virtualservices/a-b`, `${WS}/trafficgroups/d2/virtualservices/x`])
    assert.equal((await s.request('GET', path)).status, 404, `${path}: nothing half-written`);
});
