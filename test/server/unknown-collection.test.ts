// Low finding of issue 10, against the real `meshbridge server`: a GET of a collection that
// cannot exist under its parent answered 200 with an empty list (so a typo looked like "nothing
// there"), while its POST was a 400. It is a 404 naming the collections that do exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, startServer, tempDir } from './_server.js';

test('GET /v2/{parent}/{unknown collection} is 404 naming the valid collections; known empty collections stay 200 []', async (t) => {
  const dataDir = tempDir('mb-collections-');
  t.after(() => cleanup(dataDir));
  const s = await startServer({ dataDir });
  t.after(() => s.stop());
  assert.equal((await s.request('POST', '/v2/organizations/tetrate/tenants', { name: 't', tenant: {} })).status, 201);
  for (const path of [
    '/v2/organizations/tetrate/tenantz',
    '/v2/organizations/tetrate/tenants/t/virtualservices',
    '/v2/organizations/tetrate/tenants/t/workspacess',
  ]) {
    const r = await s.request('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.status} ${r.text}`);
    assert.equal(r.json.code, 'MB1002');
    assert.match(String(r.json.detail), /is not a collection under .*expected one of/);
    assert.equal((await s.request('POST', path, { name: 'x' })).status, 400, `${path}: POST stays 400`);
  }
  const empty = await s.request('GET', '/v2/organizations/tetrate/tenants/t/workspaces');
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json, { workspaces: [] });
});
