import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeSeverity, explainSidecar, SIDECAR_CAUSES } from './sidecar-explain.js';
import { parseAdminStats, parsePrometheusStats, parseRejectedResources, parseServerInfoState } from './sidecar-stats.js';

const fine = { cdsSuccess: 1, ldsSuccess: 1, serverState: 0, workersStarted: 1 };
const notReady = { kind: 'response', status: 503, body: '' } as const;

test("admin /stats text and pilot-agent's prometheus text give the same readiness stats", () => {
  const admin = parseAdminStats(
    'cluster_manager.cds.update_success: 4\nlistener_manager.lds.update_rejected: 2\nserver.state: 3\nlistener_manager.workers_started: 0\nother: 9\n',
  );
  const prom = parsePrometheusStats(
    '# TYPE x counter\nenvoy_cluster_manager_cds_update_success{} 4\nenvoy_listener_manager_lds_update_rejected 2\nenvoy_server_state{} 3\nenvoy_listener_manager_workers_started{} 0\nenvoy_cluster_manager_cds_update_success{cluster="x"} 99\n',
  );
  assert.deepEqual(admin, { cdsSuccess: 4, ldsRejected: 2, serverState: 3, workersStarted: 0 });
  assert.deepEqual(prom, admin);
});

test('server_info state and config-dump rejections are read; garbage gives nothing', () => {
  assert.equal(parseServerInfoState('{"state":"DRAINING"}'), 'DRAINING');
  assert.equal(parseServerInfoState('<html>'), undefined);
  assert.deepEqual(
    parseRejectedResources(
      JSON.stringify({ configs: [{ dynamic_active_clusters: [{ name: 'ok' }, { name: 'outbound|80||a', error_state: { details: 'bad tls' } }] }] }),
    ),
    [{ type: 'cluster', name: 'outbound|80||a', details: 'bad tls' }],
  );
  assert.deepEqual(parseRejectedResources('nope'), []);
});

test("pilot-agent's order: the xDS check wins over the LIVE check", () => {
  const e = explainSidecar({ readiness: notReady, stats: { cdsSuccess: 0, ldsSuccess: 0, serverState: 3, workersStarted: 0 } });
  assert.equal(e.cause, 'no-config');
});

test('503 without stats says so, and 404 on 15021 is not a sidecar', () => {
  assert.equal(explainSidecar({ readiness: notReady, statsError: 'admin refused' }).cause, 'not-ready-other');
  assert.equal(explainSidecar({ readiness: { kind: 'response', status: 404, body: '' } }).cause, 'not-a-sidecar');
  assert.equal(
    explainSidecar({ readiness: notReady, stats: { ...fine, serverState: undefined } }).reason,
    'missing server.state or listener_manager.workers_started in the stats',
  );
});

test('every cause has a distinct severity and every not-ready cause a fix', () => {
  assert.equal(new Set(SIDECAR_CAUSES.map(causeSeverity)).size, SIDECAR_CAUSES.length);
  const e = explainSidecar({ readiness: notReady, stats: { ...fine, workersStarted: 0 } });
  assert.equal(e.cause, 'workers-not-started');
  assert.ok(e.fix.length > 20);
});
