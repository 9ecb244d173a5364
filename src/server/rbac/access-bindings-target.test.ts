import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreErrors, isMeshError } from '../../api/index.js';
import { accessBindingsTarget } from './access-bindings-target.js';

test('per-level AccessBindings kinds name their FQN through metadata', () => {
  const meta = { organization: 'tetrate', tenant: 'shop', workspace: 'web', group: 'g' };
  assert.equal(accessBindingsTarget({ kind: 'OrganizationAccessBindings', metadata: meta }), 'organizations/tetrate');
  assert.equal(accessBindingsTarget({ kind: 'WorkspaceAccessBindings', metadata: meta }), 'organizations/tetrate/tenants/shop/workspaces/web');
  assert.equal(accessBindingsTarget({ kind: 'TrafficAccessBindings', metadata: meta }), 'organizations/tetrate/tenants/shop/workspaces/web/trafficgroups/g');
  assert.equal(
    accessBindingsTarget({ kind: 'IstioInternalAccessBindings', metadata: meta }),
    'organizations/tetrate/tenants/shop/workspaces/web/istiointernalgroups/g',
  );
  assert.equal(accessBindingsTarget({ kind: 'AccessBindings', metadata: { fqn: 'organizations/tetrate/tenants/shop' } }), 'organizations/tetrate/tenants/shop');
});

test('a missing level, an unknown kind or a bad FQN is InvalidInput naming the field', () => {
  const cases: [unknown, string][] = [
    [{ kind: 'TenantAccessBindings', metadata: { organization: 'tetrate' } }, 'metadata.tenant'],
    [{ kind: 'ApplicationAccessBindings', metadata: {} }, 'kind'],
    [{ kind: 'AccessBindings', metadata: {} }, 'metadata.fqn'],
    [[], 'body'],
  ];
  for (const [doc, field] of cases)
    assert.throws(
      () => accessBindingsTarget(doc),
      (e: unknown) => isMeshError(e, CoreErrors.InvalidInput) && e.field === field,
      field,
    );
  assert.throws(
    () => accessBindingsTarget({ kind: 'TenantAccessBindings', metadata: { organization: 'tetrate', tenant: 'Bad Name' } }),
    (e: unknown) => isMeshError(e),
  );
});
