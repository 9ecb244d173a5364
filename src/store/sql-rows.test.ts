import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreErrors, isMeshError } from '../api/index.js';
import { checkIdentity, descendantRange, toResource } from './sql-rows.js';

const base = { apiVersion: 'v', kind: 'Tenant', metadata: {}, spec: {} };

test('checkIdentity returns the collection and depth of a consistent FQN', () => {
  assert.deepEqual(checkIdentity({ ...base, fqn: 'organizations/o', parent: '', name: 'o' }), { collection: 'organizations', depth: 1 });
  assert.deepEqual(checkIdentity({ ...base, fqn: 'organizations/o/tenants/t', parent: 'organizations/o', name: 't' }), { collection: 'tenants', depth: 2 });
});

test('checkIdentity names the inconsistent field', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ fqn: 'organizations/o/tenants', parent: 'organizations/o', name: 'tenants' }, 'fqn'],
    [{ fqn: 'organizations/o/tenants/t', parent: 'organizations/x', name: 't' }, 'parent'],
    [{ fqn: 'organizations/o/tenants/t', parent: 'organizations/o', name: 'u' }, 'name'],
    [{ fqn: 'organizations/o', parent: '', name: 'o', spec: [] }, 'spec'],
    [{ fqn: 'organizations/o', parent: '', name: 'o', kind: '' }, 'kind'],
  ];
  for (const [over, field] of cases) {
    assert.throws(
      () => checkIdentity({ ...base, ...over } as never),
      (e: unknown) => isMeshError(e, StoreErrors.InvalidStoreInput) && e.field === field,
      field,
    );
  }
});

test('descendantRange covers exactly the FQNs below, not siblings sharing a string prefix', () => {
  const [lo, hi] = descendantRange('organizations/o');
  const inside = (f: string) => f >= lo && f < hi;
  assert.ok(inside('organizations/o/tenants/t'));
  assert.ok(!inside('organizations/o'));
  assert.ok(!inside('organizations/o2/tenants/t'));
  assert.ok(!inside('organizations/o-b'));
  assert.ok(!inside('organizations/o.b'));
});

test('toResource normalises both drivers: JSON text or objects, Date or text times, bigint strings', () => {
  const sqlite = toResource({
    fqn: 'organizations/o',
    parent: null,
    api_version: 'v',
    kind: 'K',
    name: 'o',
    metadata: '{}',
    spec: '{"a":1}',
    etag: '"e"',
    revision: 3,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  });
  const postgres = toResource({
    fqn: 'organizations/o',
    parent: null,
    api_version: 'v',
    kind: 'K',
    name: 'o',
    metadata: {},
    spec: { a: 1 },
    etag: '"e"',
    revision: '3',
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:00Z'),
  });
  assert.deepEqual(sqlite, postgres);
  assert.equal(sqlite.parent, '');
});
