import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInventory } from './file-inventory.js';

const GW = `gateways:
- namespace: bookinfo
  name: bookinfo-gw
  kind: ingress
  addresses: [203.0.113.10, gw.west.example.com]
  ports: [{name: https, port: 443}, {name: tls, port: 15443, nodePort: 31443}]
  hostnames: [bookinfo.example.com, "*.shop.example.com"]
  network: net-a
  pods: [bookinfo-gw-0]
`;

test('GIVEN a file inventory with gateways WHEN parsed THEN each is reported with addresses, ports, hostnames, network and pods; its namespace counts', () => {
  const inv = parseInventory(GW, 'inv.yaml');
  assert.deepEqual(inv.gateways, [
    {
      namespace: 'bookinfo',
      name: 'bookinfo-gw',
      kind: 'ingress',
      addresses: ['203.0.113.10', 'gw.west.example.com'],
      ports: [
        { name: 'https', port: 443, nodePort: 0, protocol: 'TCP' },
        { name: 'tls', port: 15443, nodePort: 31443, protocol: 'TCP' },
      ],
      hostnames: ['bookinfo.example.com', '*.shop.example.com'],
      network: 'net-a',
      pods: ['bookinfo-gw-0'],
    },
  ]);
  assert.deepEqual(inv.namespaces, ['bookinfo']);
  assert.deepEqual(parseInventory('namespaces: [a]\n', 'inv.yaml').gateways, []);
});

test('GIVEN a gateway without kind WHEN parsed THEN it is an ingress gateway', () => {
  assert.equal(parseInventory('gateways: [{namespace: a, name: g, addresses: [10.0.0.1]}]', 'inv.yaml').gateways[0]?.kind, 'ingress');
});

test('bad gateways name the entry and the field at fault (MB1700)', () => {
  const bad = (yaml: string, re: RegExp) =>
    assert.throws(
      () => parseInventory(yaml, 'inv.yaml'),
      (e: Error & { code?: string }) => re.test(e.message) && e.code === 'MB1700' && e.message.startsWith('inv.yaml: '),
      yaml,
    );
  bad('gateways: {a: 1}', /gateways must be a list/);
  bad('gateways: [{name: g}]', /gateways\[0\]\.namespace must be a Kubernetes name, got null/);
  bad('gateways: [{namespace: a, name: g, kind: edge}]', /gateways\[0\]\.kind "edge" must be one of ingress, eastwest, tier1/);
  bad('gateways: [{namespace: a, name: g, addresses: [not_an address]}]', /gateways\[0\]\.addresses\[0\] "not_an address" is not an IP address or DNS name/);
  bad('gateways: [{namespace: a, name: g, ports: [{port: 70000}]}]', /gateways\[0\]\.ports\[0\]\.port must be a port number 1-65535, got 70000/);
  bad('gateways: [{namespace: a, name: g, ports: [{port: 80, nodeport: 30080}]}]', /gateways\[0\]\.ports\[0\]\.nodeport is not a port field/);
  bad('gateways: [{namespace: a, name: g, hostnames: ["bad host"]}]', /gateways\[0\]\.hostnames\[0\] "bad host" is not a hostname/);
  bad('gateways: [{namespace: a, name: g, adresses: [10.0.0.1]}]', /gateways\[0\]\.adresses is not a gateway field/);
  bad('gateways: [{namespace: a, name: g}, {namespace: a, name: g}]', /gateways\[1\]: a\/g is listed twice/);
  bad('gateways: [{namespace: a, name: g, network: 3}]', /gateways\[0\]\.network must be a string/);
});
