// End-to-end: the real `meshbridge server` process on SQLite and on PostgreSQL, driven over HTTPS
// with TSB's REST bodies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, dropSchemas, freshPostgres, startServer, tempDir, type RunningServer } from './_server.js';
import { openWatch } from './_sse.js';

const ORG = '/v2/organizations/tetrate';
const WS = `${ORG}/tenants/shop/workspaces/web`;

function backends(): { name: string; database: () => string | undefined }[] {
  return [
    { name: 'sqlite', database: () => undefined },
    { name: 'postgres', database: () => freshPostgres() },
  ];
}

after(dropSchemas);

for (const backend of backends()) {
  describe(`REST API on ${backend.name}`, () => {
    let s: RunningServer;
    let dir: string;
    before(async () => {
      dir = tempDir();
      s = await startServer({ dataDir: dir, database: backend.database(), args: ['--watch-heartbeat-ms', '200'] });
    });
    after(async () => {
      await s?.stop();
      cleanup(dir);
    });

    test('creates the hierarchy from TSB create bodies and YAML envelopes', async () => {
      let r = await s.request('POST', `${ORG}/tenants`, { name: 'shop', tenant: { displayName: 'Shop', deletionProtectionEnabled: true } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.fqn, 'organizations/tetrate/tenants/shop');
      r = await s.request('POST', `${ORG}/tenants/shop/workspaces`, {
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Workspace',
        metadata: { name: 'web', organization: 'tetrate', tenant: 'shop' },
        spec: { namespaceSelector: { names: ['c1/web', 'c1/web-*'] } },
      });
      assert.equal(r.status, 201, r.text);
      r = await s.request('POST', `${WS}/trafficgroups`, { name: 'tg', group: { namespaceSelector: { names: ['c1/web'] }, configMode: 'BRIDGED' } });
      assert.equal(r.status, 201, r.text);
      r = await s.request('POST', `${WS}/trafficgroups/tg/serviceroutes`, {
        name: 'reviews',
        serviceRoute: { service: 'web/reviews.web.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' }, weight: 100 }] },
      });
      assert.equal(r.status, 201, r.text);
      const list = await s.request('GET', `${ORG}/tenants`);
      assert.deepEqual(
        (list.json.tenants as { fqn: string }[]).map((t) => t.fqn),
        ['organizations/tetrate/tenants/shop'],
      );
      const got = await s.request('GET', `${WS}/trafficgroups/tg/serviceroutes/reviews`);
      assert.equal(got.status, 200);
      assert.equal(got.json.fqn, 'organizations/tetrate/tenants/shop/workspaces/web/trafficgroups/tg/serviceroutes/reviews');
      assert.equal(got.json.service, 'web/reviews.web.svc.cluster.local');
    });

    test('a missing parent, a duplicate and a conflicting workspace selector are refused with their codes', async () => {
      let r = await s.request('POST', `${ORG}/tenants/nope/workspaces`, { name: 'w', workspace: { namespaceSelector: { names: ['c9/x'] } } });
      assert.equal(r.status, 404);
      assert.equal(r.json.code, 'MB1006');
      r = await s.request('POST', `${ORG}/tenants`, { name: 'shop', tenant: {} });
      assert.equal(r.status, 409);
      assert.equal(r.json.code, 'MB1003');
      r = await s.request('POST', `${ORG}/tenants/shop/workspaces`, { name: 'other', workspace: { namespaceSelector: { names: ['c2/a', '*/web-frontend'] } } });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.code, 'MB1007');
      assert.equal(r.json.field, 'spec.namespaceSelector.names[1]');
      assert.match(String(r.json.detail), /workspace organizations\/tetrate\/tenants\/shop\/workspaces\/web/);
      r = await s.request('POST', `${WS}/trafficgroups/tg/virtualservices`, { name: 'vs', virtualService: { hosts: ['a'] } });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.code, 'MB1020');
    });

    test('PUT needs the current etag and a stale one is a 409 naming both etags', async () => {
      const path = `${ORG}/tenants/shop`;
      const cur = await s.request('GET', path);
      const etag = cur.json.etag as string;
      const body = { ...cur.json, displayName: 'Shop 2' };
      const ok = await s.request('PUT', path, body);
      assert.equal(ok.status, 200, ok.text);
      const newEtag = ok.json.etag as string;
      assert.notEqual(newEtag, etag);
      const stale = await s.request('PUT', path, body);
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'MB1004');
      assert.ok(String(stale.json.detail).includes(etag) && String(stale.json.detail).includes(newEtag), String(stale.json.detail));
      const flat = await s.request('PUT', path, { displayName: 'Shop 3', deletionProtectionEnabled: true, etag: newEtag });
      assert.equal(flat.status, 200, flat.text);
      const missing = await s.request('PUT', path, { displayName: 'no etag' });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.field, 'metadata.resourceVersion');
    });

    test('DELETE refuses deletion protection unless forced, then cascades', async () => {
      const refused = await s.request('DELETE', `${ORG}/tenants/shop`);
      assert.equal(refused.status, 409);
      assert.equal(refused.json.code, 'MB1005');
      const del = await s.request('DELETE', `${ORG}/tenants/shop?force=true`);
      assert.equal(del.status, 200, del.text);
      assert.deepEqual([...(del.json.deleted as string[])].sort(), [
        'organizations/tetrate/tenants/shop',
        'organizations/tetrate/tenants/shop/workspaces/web',
        'organizations/tetrate/tenants/shop/workspaces/web/trafficgroups/tg',
        'organizations/tetrate/tenants/shop/workspaces/web/trafficgroups/tg/serviceroutes/reviews',
      ]);
      const gone = await s.request('GET', `${WS}/trafficgroups/tg`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json.code, 'MB1002');
    });

    test('the audit log records who changed what with etags, and filters', async () => {
      const r = await s.request('GET', '/v2/audit?user=admin&fqn=organizations/tetrate/tenants/shop&kind=Tenant');
      assert.equal(r.status, 200, r.text);
      const entries = r.json.entries as { op: string; actor: string; etagBefore: string | null; etagAfter: string | null; fqn: string }[];
      assert.deepEqual(
        entries.map((e) => e.op),
        ['delete', 'update', 'update', 'create'],
      );
      assert.ok(entries.every((e) => e.actor === 'organizations/tetrate/users/admin' && e.fqn === 'organizations/tetrate/tenants/shop'));
      assert.equal(entries[3].etagBefore, null);
      assert.equal(entries[0].etagAfter, null);
      const none = await s.request('GET', `/v2/audit?since=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
      assert.deepEqual(none.json.entries, []);
      const bad = await s.request('GET', '/v2/audit?since=yesterday');
      assert.equal(bad.status, 400);
      assert.equal(bad.json.field, 'since');
    });

    test('watch streams changes from a revision, filtered by prefix, with heartbeats', async () => {
      const auth = `Basic ${Buffer.from(`admin:${s.password}`).toString('base64')}`;
      const w = openWatch(`${s.url}/v2/watch?revision=0&prefix=organizations/tetrate/tenants/shop`, s.ca, auth);
      try {
        // History: everything under the prefix since revision 0, in order, ending with the delete.
        const seen = await w.until((e) => e.data.op === 'delete' && e.data.fqn === 'organizations/tetrate/tenants/shop');
        assert.ok(seen.every((e) => String(e.data.fqn).startsWith('organizations/tetrate/tenants/shop')));
        const revs = seen.map((e) => Number(e.data.revision));
        assert.deepEqual(
          revs,
          [...revs].sort((a, b) => a - b),
        );
        // Live: a new write arrives with its object; a write outside the prefix does not.
        await s.request('POST', `${ORG}/tenants`, { name: 'outside', tenant: {} });
        await s.request('POST', `${ORG}/tenants`, { name: 'shop', tenant: { displayName: 'again' } });
        const live = await w.until(
          (e) => e.data.op === 'create' && e.data.fqn === 'organizations/tetrate/tenants/shop' && Number(e.data.revision) > revs[revs.length - 1],
        );
        const last = live[live.length - 1];
        assert.equal(((last.data.object as Record<string, unknown>).spec as Record<string, unknown>).displayName, 'again');
        assert.ok(!live.some((e) => e.data.fqn === 'organizations/tetrate/tenants/outside'));
        const keys = live.map((e) => `${e.data.revision}/${e.data.fqn}`);
        assert.equal(new Set(keys).size, keys.length, 'no duplicates');
        const deadline = Date.now() + 5000;
        while (!w.comments().includes('heartbeat') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        assert.ok(w.comments().includes('heartbeat'));
      } finally {
        w.close();
      }
    });

    test('status is ACCEPTED before any cluster reports', async () => {
      const r = await s.request('GET', `${ORG}/tenants/shop/status`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'ACCEPTED');
    });

    test('health, metrics, version and openapi answer; credentials are required elsewhere', async () => {
      const ready = await s.request('GET', '/healthz/ready', undefined, { auth: null });
      assert.equal(ready.status, 200);
      assert.equal(ready.text, '');
      assert.equal((await s.request('GET', '/healthz/live', undefined, { auth: null })).status, 200);
      const metrics = await s.request('GET', '/metrics', undefined, { auth: null });
      assert.match(metrics.text, /meshbridge_http_request_duration_seconds_bucket\{[^}]*route="\/v2\/\*"/);
      assert.match(metrics.text, /meshbridge_store_operation_duration_seconds_count\{op="get"\}/);
      // The server's registry merged with prom-client's default one (distribution): each metric once.
      assert.equal(metrics.text.match(/^# TYPE meshbridge_config_convergence_seconds histogram$/gm)?.length, 1, metrics.text);
      assert.equal(metrics.text.match(/^# TYPE process_cpu_user_seconds_total /gm)?.length, 1);
      const types = metrics.text.match(/^# TYPE \S+/gm) ?? [];
      assert.equal(new Set(types).size, types.length, 'a metric family is exposed twice');
      const version = await s.request('GET', '/v2/version', undefined, { auth: null });
      assert.match(String(version.json.version), /^\d+\.\d+\.\d+/);
      const openapi = await s.request('GET', '/v2/openapi.json', undefined, { auth: null });
      assert.equal(openapi.json.openapi, '3.0.3');
      assert.ok('/v2/organizations/{organization}/tenants/{tenant}/workspaces/{name}' in (openapi.json.paths as object));
      assert.ok('/v2/organizations/{organization}/clusters/{name}/credentials/{id}' in (openapi.json.paths as object));
      assert.ok('/v2/organizations/{organization}/users/{name}/password' in (openapi.json.paths as object));
      const anon = await s.request('GET', `${ORG}/tenants`, undefined, { auth: null });
      assert.equal(anon.status, 401);
      assert.equal(anon.json.code, 'MB1010');
      const wrong = await s.request('GET', `${ORG}/tenants`, undefined, { auth: `Basic ${Buffer.from('admin:wrong-password').toString('base64')}` });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8');
      // Auth's security events go to the server log (bounded wait: the log line crosses a pipe).
      const logged = (): boolean => /"component":"auth".*"event":"login-failed".*"username":"admin"/.test(s.stdout());
      for (let i = 0; i < 100 && !logged(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(logged(), `no login-failed event in the server log:\n${s.stdout()}`);
    });
  });
}
