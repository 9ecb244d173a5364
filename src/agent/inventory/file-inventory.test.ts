import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInventory } from './file-inventory.js';

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

test('GIVEN a file inventory with trustDomain WHEN parsed THEN the agent reports it; without one it is unknown (empty)', () => {
  assert.equal(parseInventory('namespaces: [a]\ntrustDomain: west.example\n', 'inv.yaml').trustDomain, 'west.example');
  assert.equal(parseInventory('namespaces: [a]\n', 'inv.yaml').trustDomain, '');
  assert.throws(() => parseInventory('trustDomain: [x]', 'inv.yaml'), /trustDomain must be a string/);
});
