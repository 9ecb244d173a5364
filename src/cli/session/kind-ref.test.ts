import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveKind } from './kind-ref.js';
import { isMeshError, TctlErrors } from '../../api/index.js';

test('short forms, kinds, plurals, helper kinds and apiVersion/kind all resolve', () => {
  assert.equal(resolveKind('tns').collection, 'tenants');
  assert.equal(resolveKind('Tenant').collection, 'tenants');
  assert.equal(resolveKind('tenants').collection, 'tenants');
  assert.equal(resolveKind('TrafficGroup').collection, 'trafficgroups');
  assert.equal(resolveKind('gateway.tsb.tetrate.io/v2/Group').collection, 'gatewaygroups');
  assert.equal(resolveKind('networking.istio.io/v1beta1/DestinationRule').collection, 'destinationrules');
  assert.equal(resolveKind('sss').kind, 'SecuritySetting');
});

test('a kind living under several group types is chosen by the group flag, else is ambiguous', () => {
  assert.equal(resolveKind('vs', 'trafficgroup').parent, 'trafficgroup');
  assert.equal(resolveKind('vs', 'gatewaygroup').parent, 'gatewaygroup');
  assert.throws(
    () => resolveKind('vs'),
    (e: unknown) => isMeshError(e, TctlErrors.KindNotRecognized) && /ambiguous/.test(e.message) && /-l\/--gatewaygroup or -t\/--trafficgroup/.test(e.fix),
  );
  assert.throws(() => resolveKind('Group'), /ambiguous/);
});

test('an unknown kind lists the known ones', () => {
  assert.throws(
    () => resolveKind('tenantz'),
    (e: unknown) => isMeshError(e, TctlErrors.KindNotRecognized) && /"tenantz" is not a kind tctl knows/.test(e.message) && /tns\s+Tenant/.test(e.message),
  );
});

test('every group flag of kind resolution is declared as a scope option with the same short form', async () => {
  const { GROUP_FLAGS } = await import('./kind-ref.js');
  const { SCOPE_OPTIONS } = await import('./scope.js');
  for (const g of GROUP_FLAGS) assert.equal((SCOPE_OPTIONS as Record<string, { short?: string }>)[g.flag]?.short, g.short, g.flag);
});
