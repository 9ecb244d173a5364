import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { affectedClusters } from './translate.js';
import { references, withNotes } from './notes.js';
import { deepMerge, mandateConflictNotes, withProfileDefaults, withProfileMandates } from './profiles.js';
import { base, WS, SEC } from './goldens.test-data.js';
import { profile } from './goldens-profile.test-data.js';

const ORG_PROFILE = 'organizations/tetrate/profiles/strict';

test('GIVEN a Profile in the organization WHEN it changes THEN every cluster is recomputed (the resources listing it may live anywhere)', () => {
  const before = buildIndex([...base(), profile(ORG_PROFILE, {})]);
  const after = buildIndex([...base(), profile(ORG_PROFILE, { mandates: { authenticationSettings: { trafficMode: 'REQUIRED' } } })]);
  assert.deepEqual([...affectedClusters(before, after, [ORG_PROFILE], ['c1', 'c2'])].sort(), ['c1', 'c2']);
  assert.deepEqual([...affectedClusters(before, after, [`${WS}/profiles/p`], ['c1', 'c2', 'c3'])].sort(), ['c1', 'c2', 'c3']);
});

test('objects merge field by field, lists and scalars are replaced whole', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 }), { a: { b: 1, c: [3] }, d: 1, e: 2 });
});

test('unsetFields through a list unset the sub-path of every element (TSB: "Paths that navigate lists or maps unset the sub-path for all elements")', () => {
  const profiles = new Map([
    [
      'p',
      profile('p', {
        mandates: { unsetFields: ['traffic.outbound.upstreamTrafficSettings.settings.loadBalancer'] },
      }),
    ],
  ]);
  const own = {
    outbound: {
      upstreamTrafficSettings: [
        { hosts: ['a/*'], settings: { loadBalancer: { simple: 'ROUND_ROBIN' }, resilience: { circuitBreakerSensitivity: 'LOW' } } },
        { hosts: ['b/*'], settings: { loadBalancer: { simple: 'RANDOM' } } },
      ],
    },
  };
  assert.deepEqual(withProfileMandates(own, ['p'], profiles, 'traffic'), {
    outbound: { upstreamTrafficSettings: [{ hosts: ['a/*'], settings: { resilience: { circuitBreakerSensitivity: 'LOW' } } }, { hosts: ['b/*'] }] },
  });
  // A path of the other section leaves this one alone.
  assert.deepEqual(withProfileDefaults({ x: 1 }, ['p'], profiles, 'security'), { x: 1 });
});

test('GIVEN a SecuritySetting listing a Profile that does not exist WHEN its status is read THEN it is PARTIAL, fail closed, naming spec.profiles[0] with MB3050', () => {
  const res = { fqn: `${SEC}/settings/default`, kind: 'SecuritySetting', spec: { profiles: [`${WS}/profiles/missing`] } };
  const refs = references(res);
  assert.deepEqual(
    refs.map((r) => [r.field, r.fqn, r.code, r.failClosed]),
    [['spec.profiles[0]', `${WS}/profiles/missing`, 'MB3050', true]],
  );
  const st = withNotes({ status: 'READY', lastEvent: 'XCP_APPLIED' }, refs);
  assert.equal(st.status, 'PARTIAL');
  assert.equal(st.lastEvent, 'TRANSLATION_FAIL_CLOSED');
  assert.match(String(st.message), /spec\.profiles\[0\] \[MB3050\]/);
  // A TrafficSetting: PARTIAL, not fail closed (nothing to deny).
  const traffic = references({ fqn: 'x', kind: 'TrafficSetting', spec: { profiles: [`${WS}/profiles/missing`] } });
  assert.equal(traffic[0].failClosed, false);
});

test('GIVEN two listed profiles mandating one field differently WHEN the status is built THEN the later entry is named (MB3051): its mandate is not applied, never silently', () => {
  const a = profile('a', { mandates: { authenticationSettings: { trafficMode: 'REQUIRED' }, traffic: { resilience: { httpRequestTimeout: '2s' } } } });
  const b = profile('b', { mandates: { authenticationSettings: { trafficMode: 'OPTIONAL' }, traffic: { resilience: { httpRequestTimeout: '2s' } } } });
  const c = profile('c', { mandates: { wafSettings: { rules: ['x'] } } });
  const profiles = new Map([
    ['a', a],
    ['b', b],
    ['c', c],
  ]);
  const setting = { kind: 'SecuritySetting', spec: { profiles: ['a', 'c', 'b'] } };
  assert.deepEqual(mandateConflictNotes(setting, profiles), [
    {
      field: 'spec.profiles[2]',
      code: 'MB3051',
      reason:
        'its mandate authenticationSettings.trafficMode = "OPTIONAL" is not applied: a, earlier in the list, mandates "REQUIRED" (a mandate cannot be relaxed by a later profile)',
      failClosed: false,
    },
  ]);
  // The same value twice, and profiles on different lists, are no conflict.
  assert.deepEqual(mandateConflictNotes({ kind: 'TrafficSetting', spec: { profiles: ['a', 'c'] } }, profiles), []);
  assert.deepEqual(
    mandateConflictNotes(
      { kind: 'WorkspaceSetting', spec: { defaultSecuritySetting: { profiles: ['a'] }, defaultTrafficSetting: { profiles: ['b'] } } },
      profiles,
    ),
    [],
  );
});
