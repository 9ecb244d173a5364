import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMeshError, CoreErrors } from '../../api/index.js';
import { canonicalRole, rolePermissions } from './roles.js';

test('both role spellings name the same built-in role', () => {
  assert.equal(canonicalRole('rbac/creator', 'role'), 'rbac/creator');
  assert.equal(canonicalRole('organizations/tetrate/roles/creator', 'role', 'tetrate'), 'rbac/creator');
  assert.deepEqual(rolePermissions('organizations/tetrate/roles/writer'), ['READ', 'WRITE']);
});

test('an unknown role or a role FQN of another organization is RoleNotFound naming the field', () => {
  for (const bad of ['rbac/owner', 'admin', 'organizations/other/roles/admin', 42]) {
    assert.throws(
      () => canonicalRole(bad, 'allow[1].role', 'tetrate'),
      (e: unknown) => isMeshError(e, CoreErrors.RoleNotFound) && e.field === 'allow[1].role' && e.message.includes('rbac/admin'),
    );
  }
});

test('only admin carries DELETE and the policy permissions', () => {
  for (const r of ['rbac/editor', 'rbac/creator', 'rbac/writer', 'rbac/reader']) {
    assert.ok(!rolePermissions(r).some((p) => p === 'DELETE' || p === 'SET_POLICY' || p === 'GET_POLICY'), r);
  }
  assert.deepEqual([...rolePermissions('rbac/admin')].sort(), ['CREATE', 'DELETE', 'GET_POLICY', 'READ', 'SET_POLICY', 'WRITE']);
  assert.deepEqual(rolePermissions('rbac/unknown'), []);
});
