import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldNotes, withNotes } from './notes.js';
import type { ConfigResource } from './model.js';

const ts = (kind: string, spec: Record<string, unknown>): ConfigResource => ({
  fqn: 'organizations/tetrate/tenants/prod/workspaces/bookinfo/trafficgroups/t/settings/default',
  apiVersion: kind === 'TrafficSetting' ? 'traffic.tsb.tetrate.io/v2' : 'api.tsb.tetrate.io/v2',
  kind,
  name: 'default',
  metadata: {},
  spec,
});

test('GIVEN an older TrafficSetting resilience.keepAlive with keys translation does not read WHEN its status is read THEN it is PARTIAL naming each key (MB3072); the keys it reads raise nothing', () => {
  const read = ts('TrafficSetting', { resilience: { keepAlive: { tcp: { probes: 3, time: '60s', interval: '10s' } } } });
  assert.deepEqual(
    fieldNotes(read).filter((n) => n.code === 'MB3072'),
    [],
  );
  const unread = ts('TrafficSetting', { resilience: { keepAlive: { tpc: { probes: 3 }, tcp: { probez: 1, time: '1s' } } } });
  const notes = fieldNotes(unread).filter((n) => n.code === 'MB3072');
  assert.deepEqual(
    notes.map((n) => n.field),
    ['spec.resilience.keepAlive.tpc', 'spec.resilience.keepAlive.tcp.probez'],
  );
  assert.equal(withNotes({ status: 'READY', lastEvent: 'XCP_APPLIED' }, notes).status, 'PARTIAL');
  const ws = ts('WorkspaceSetting', { defaultTrafficSetting: { resilience: { keepAlive: { http: { idle: '1s' } } } } });
  assert.deepEqual(
    fieldNotes(ws)
      .filter((n) => n.code === 'MB3072')
      .map((n) => n.field),
    ['spec.defaultTrafficSetting.resilience.keepAlive.http'],
  );
});
