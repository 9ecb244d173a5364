import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInventory, parseInventoryPods } from './file-inventory.js';

test('an inventory lists namespaces (including those of its services) and services with ports', () => {
  const inv = parseInventory('namespaces: [b, a]\nservices:\n- {namespace: c, name: web, ports: [{name: http, port: 80}]}\n', 'inv.yaml');
  assert.deepEqual(inv.namespaces, ['a', 'b', 'c']);
  assert.deepEqual(inv.services, [{ namespace: 'c', name: 'web', ports: [{ name: 'http', port: 80, protocol: '' }] }]);
});

test('bad inventories name the field at fault', () => {
  assert.throws(() => parseInventory('namespaces: a', 'inv.yaml'), /inv.yaml: namespaces must be a list/);
  assert.throws(() => parseInventory('services: [{name: x}]', 'inv.yaml'), /services\[0\] needs namespace and name/);
  assert.throws(() => parseInventory('namespaces: [1]', 'inv.yaml'), /namespaces\[0\] must be a string/);
});

test('pods with IPs are listed for the health prober; their namespaces count as namespaces', () => {
  const text = 'pods:\n- {namespace: shop, name: web-0, ip: 10.0.0.7}\n- {namespace: pay, name: pay-0, ip: "fd00::7"}\n';
  assert.deepEqual(parseInventoryPods(text, 'inv.yaml'), [
    { namespace: 'shop', name: 'web-0', ip: '10.0.0.7' },
    { namespace: 'pay', name: 'pay-0', ip: 'fd00::7' },
  ]);
  assert.deepEqual(parseInventory(text, 'inv.yaml').namespaces, ['pay', 'shop']);
});

test('bad pods name the entry and the field (MB3500)', () => {
  assert.throws(() => parseInventoryPods('pods: {a: 1}', 'inv.yaml'), /inv.yaml: pods must be a list/);
  assert.throws(() => parseInventoryPods('pods: [{name: x, ip: 10.0.0.1}]', 'inv.yaml'), /pods\[0\] needs namespace and name/);
  assert.throws(
    () => parseInventoryPods('pods: [{namespace: a, name: x, ip: 10.0.0.300}]', 'inv.yaml'),
    (e: Error & { code?: string }) => /pods\[0\] \(a\/x\): ip "10.0.0.300" is not an IP address/.test(e.message) && e.code === 'MB3500',
  );
  assert.throws(
    () => parseInventoryPods('pods: [{namespace: a, name: x, ip: 10.0.0.1}, {namespace: a, name: x, ip: 10.0.0.2}]', 'inv.yaml'),
    /a\/x is listed twice/,
  );
});

test('GIVEN a file inventory with trustDomain WHEN parsed THEN the agent reports it; without one it is unknown (empty)', () => {
  assert.equal(parseInventory('namespaces: [a]\ntrustDomain: west.example\n', 'inv.yaml').trustDomain, 'west.example');
  assert.equal(parseInventory('namespaces: [a]\n', 'inv.yaml').trustDomain, '');
  assert.throws(() => parseInventory('trustDomain: [x]', 'inv.yaml'), /trustDomain must be a string/);
});
