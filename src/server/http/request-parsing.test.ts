import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeshError } from '../../api/index.js';
import { jsonDepth, parseJsonBody } from './json-body.js';
import { classify } from './resource-routes.js';
import { auditQuery } from './audit-routes.js';

const admin = { subject: 'organizations/o/users/admin', kind: 'user', organization: 'o', username: 'admin' } as const;

test('classify tells collections, resources and status apart', () => {
  assert.deepEqual(classify('organizations'), { type: 'collection', parent: '', collection: 'organizations' });
  assert.deepEqual(classify('organizations/o/tenants/'), { type: 'collection', parent: 'organizations/o', collection: 'tenants' });
  assert.deepEqual(classify('organizations/o/tenants/t'), { type: 'resource', fqn: 'organizations/o/tenants/t' });
  assert.deepEqual(classify('organizations/o/tenants/t/status'), { type: 'status', fqn: 'organizations/o/tenants/t' });
  assert.throws(
    () => classify('tenants'),
    (e: unknown) => e instanceof MeshError && e.code === 'MB1008',
  );
  assert.throws(
    () => classify('organizations/O'),
    (e: unknown) => e instanceof MeshError && e.field?.startsWith('fqn') === true,
  );
});

test('JSON bodies: depth is bounded, broken JSON and __proto__ keys are handled', () => {
  assert.equal(jsonDepth('{"a":[{"b":"[[[["}]}'), 3);
  assert.throws(() => parseJsonBody('['.repeat(100) + ']'.repeat(100)), /nested deeper than 64/);
  assert.throws(
    () => parseJsonBody('{"a":'),
    (e: unknown) => e instanceof MeshError && e.field === '(body)',
  );
  const parsed = parseJsonBody('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), ['a']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(parseJsonBody('  '), undefined);
});

test('audit query: user names become user FQNs; bad filters name the parameter', () => {
  assert.deepEqual(auditQuery({ user: 'bob', kind: 'Tenant', fqn: 'organizations/o/tenants/t', limit: '5' }, admin), {
    actor: 'organizations/o/users/bob',
    kind: 'Tenant',
    fqnPrefix: 'organizations/o/tenants/t',
    limit: 5,
  });
  assert.throws(() => auditQuery({ limit: '0' }, admin), /limit: must be a whole number/);
  assert.throws(() => auditQuery({ since: 'soon' }, admin), /since: "soon" is not a timestamp/);
  assert.throws(() => auditQuery({ colour: 'red' }, admin), /colour: unknown filter/);
});
