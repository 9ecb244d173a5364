// End-to-end: more than a thousand malformed requests against the running server answer 4xx with
// problem+json naming the field at fault, never a 5xx, and the server stays healthy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, startServer, tempDir, type RunningServer } from './_server.js';
import { malformedCases, type BadCase } from './_malformed.js';

let s: RunningServer;
let dir: string;

before(async () => {
  dir = tempDir();
  s = await startServer({ dataDir: dir });
  const setup: [string, unknown][] = [
    ['/v2/organizations/tetrate/tenants', { name: 'bad', tenant: {} }],
    ['/v2/organizations/tetrate/tenants/bad/workspaces', { name: 'ws', workspace: { namespaceSelector: { names: ['c1/*'] } } }],
    ['/v2/organizations/tetrate/tenants/bad/workspaces/ws/gatewaygroups', { name: 'gg', group: { namespaceSelector: { names: ['c1/gw'] } } }],
  ];
  for (const [path, body] of setup) assert.equal((await s.request('POST', path, body)).status, 201);
});

after(async () => {
  await s?.stop();
  cleanup(dir);
});

function fieldMatches(c: BadCase, field: unknown): boolean {
  if (typeof field !== 'string' || field === '') return false;
  if (c.field === '*') return true;
  if (c.field.endsWith('*')) return field.startsWith(c.field.slice(0, -1));
  return field === c.field;
}

test('over 1,000 generated malformed bodies get 4xx problem+json naming the field, never a 5xx', async () => {
  const cases = malformedCases();
  assert.ok(cases.length >= 1000, `only ${cases.length} cases generated`);
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++];
      const r = await s.request(c.method, c.path, c.body, {
        ...(c.raw !== undefined ? { raw: c.raw } : {}),
        ...(c.contentType ? { headers: { 'content-type': c.contentType } } : {}),
      });
      const problem = r.json;
      const field = problem.field;
      const named = typeof field === 'string' && (String(problem.detail).includes(field) || field === 'fqn' || field === '(body)' || field === 'Content-Type');
      if (r.status < 400 || r.status >= 500 || !String(problem.code).startsWith('MB') || !fieldMatches(c, field) || !named) {
        failures.push(`${c.name}: ${c.method} ${c.path.slice(0, 120)} → ${r.status} ${r.text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} cases failed`);
});

test('the server is still healthy and serves valid writes after the malformed ones', async () => {
  assert.equal((await s.request('GET', '/healthz/ready', undefined, { auth: null })).status, 200);
  const r = await s.request('POST', '/v2/organizations/tetrate/tenants', { name: 'after-fuzz', tenant: { displayName: 'ok' } });
  assert.equal(r.status, 201, r.text);
  const list = await s.request('GET', '/v2/organizations/tetrate/tenants');
  assert.deepEqual(
    (list.json.tenants as { fqn: string }[]).map((t) => t.fqn.split('/').pop()),
    ['after-fuzz', 'bad'],
  );
});
