// TSB users' files and edits, end to end: the real tctl binary and REST calls against a real
// `meshbridge server` process. Files are decoded as TSB decodes them and no edit is lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { startServer, tctl, type RunningServer } from './_harness.js';

const PASSWORD = 'admin-pass-files';
let server: RunningServer;
let dir: string;
let env: Record<string, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tctl-files-'));
  server = await startServer(join(dir, 'data'), PASSWORD);
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), HOME: dir };
  for (const args of [
    ['config', 'clusters', 'set', 'local', '--bridge-address', server.address, '--tls-custom-ca-file', server.caFile],
    ['config', 'profiles', 'set', 'local', '--cluster', 'local'],
    ['config', 'profiles', 'set-current', 'local'],
  ])
    assert.equal((await tctl(args, { env })).code, 0);
  const r = await tctl(['login'], { env, stdin: `tetrate\n\nadmin\n${PASSWORD}\n` });
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One REST call with Basic auth, trusting the server's generated CA. */
async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const ca = await readFile(server.caFile);
  const [host, port] = server.address.split(':');
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        method,
        path,
        ca,
        headers: {
          authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
          accept: 'application/json',
          ...(text ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let out = '';
        res.on('data', (c) => (out += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: out ? (JSON.parse(out) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

// Written as public TSB configuration is: envelope keys in Go's case-insensitive spellings and
// spec fields by their proto (snake_case) names, children before parents.
const MIXED = `
ApiVersion: traffic.tsb.tetrate.io/v2
Kind: TrafficSetting
Metadata:
  Organization: tetrate
  Tenant: mixed
  Workspace: mixed-ws
  Group: mixed-tg
  Name: default
Spec:
  reachability:
    mode: CUSTOM
    hosts: [mixed-ns/reviews.mixed-ns.svc.cluster.local]
  resilience:
    http_request_timeout: 5s
    http_retries:
      attempts: 3
      per_try_timeout: 2s
---
apiversion: traffic.tsb.tetrate.io/v2
KIND: Group
metadata:
  organization: tetrate
  TENANT: mixed
  workspace: mixed-ws
  name: mixed-tg
  DisplayName: Mixed traffic
spec:
  namespace_selector:
    names: ["*/mixed-ns"]
  config_mode: BRIDGED
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
metadata:
  Organization: tetrate
  Tenant: mixed
  NAME: mixed-ws
  Labels:
    Team_Name: kept-as-written
spec:
  display_name: Mixed workspace
  namespace_selector:
    names: ["*/mixed-ns"]
---
APIVERSION: api.tsb.tetrate.io/v2
kind: Tenant
Metadata:
  organization: tetrate
  name: mixed
spec:
  security_domain: mixed-domain
`;

test('GIVEN a multi-document TSB file with mixed-case envelope keys and snake_case spec fields WHEN applied THEN every object is created and reads back in canonical form', async () => {
  const file = join(dir, 'mixed.yaml');
  await writeFile(file, MIXED);
  const r = await tctl(['apply', '-f', file], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'organizations/tetrate/tenants/mixed created',
      'organizations/tetrate/tenants/mixed/workspaces/mixed-ws created',
      'organizations/tetrate/tenants/mixed/workspaces/mixed-ws/trafficgroups/mixed-tg created',
      'organizations/tetrate/tenants/mixed/workspaces/mixed-ws/trafficgroups/mixed-tg/settings/default created',
      '',
    ].join('\n'),
  );
  const again = await tctl(['apply', '-f', file], { env });
  assert.equal(
    again.stdout.split('\n').filter((l) => l.endsWith(' unchanged')).length,
    4,
    `the decoded file equals what was stored:\n${again.stdout}${again.stderr}`,
  );

  const got = await tctl(['get', 'all', '--tenant', 'mixed', '-o', 'yaml'], { env });
  assert.equal(got.code, 0, got.stderr);
  const docs = parseAllDocuments(got.stdout).map(
    (d) => d.toJS() as { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> },
  );
  const byKind = new Map(docs.map((d) => [d.kind, d]));
  for (const d of docs) assert.deepEqual(Object.keys(d).slice(0, 4), ['apiVersion', 'kind', 'metadata', 'spec']);
  const tenant = parse((await tctl(['get', 'tenant', 'mixed', '-o', 'yaml'], { env })).stdout) as { spec: Record<string, unknown> };
  assert.equal(tenant.spec.securityDomain, 'mixed-domain');
  const ws = byKind.get('Workspace');
  assert.deepEqual(ws?.spec.namespaceSelector, { names: ['*/mixed-ns'] });
  assert.equal(ws?.spec.displayName, 'Mixed workspace');
  assert.deepEqual(ws?.metadata.labels, { Team_Name: 'kept-as-written' });
  assert.equal(byKind.get('Group')?.metadata.displayName, 'Mixed traffic');
  assert.equal(byKind.get('Group')?.spec.configMode, 'BRIDGED');
  assert.deepEqual(byKind.get('TrafficSetting')?.spec.resilience, { httpRequestTimeout: '5s', httpRetries: { attempts: 3, perTryTimeout: '2s' } });
  assert.doesNotMatch(got.stdout, /_selector|_mode|_timeout|_retries|_domain|_name:|Organization:|Tenant:|NAME:/);
});

test('the REST API decodes the same spellings as tctl apply and stores the canonical one', async () => {
  const created = await rest('POST', '/v2/organizations/tetrate/tenants', {
    APIVersion: 'api.tsb.tetrate.io/v2',
    Kind: 'Tenant',
    Metadata: { Name: 'rest-mixed', DisplayName: 'REST mixed' },
    spec: { security_domain: 'rest-domain' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const flat = await rest('POST', '/v2/organizations/tetrate/tenants/rest-mixed/workspaces', {
    name: 'flat-ws',
    workspace: { namespace_selector: { names: ['*/flat-ns'] } },
  });
  assert.equal(flat.status, 201, JSON.stringify(flat.json));
  const got = await tctl(['get', 'workspace', 'flat-ws', '--tenant', 'rest-mixed', '-o', 'yaml'], { env });
  assert.deepEqual((parse(got.stdout) as { spec: Record<string, unknown> }).spec.namespaceSelector, { names: ['*/flat-ns'] }, got.stdout + got.stderr);
  const t = await tctl(['get', 'tenant', 'rest-mixed', '-o', 'yaml'], { env });
  const tenant = parse(t.stdout) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  assert.equal(tenant.metadata.displayName, 'REST mixed');
  assert.equal(tenant.spec.securityDomain, 'rest-domain');
  const typo = await rest('POST', '/v2/organizations/tetrate/tenants', { name: 'typo', tenant: { securty_domain: 'x' } });
  assert.equal(typo.status, 400);
  assert.match(String(typo.json.detail), /spec\.securty_domain: unknown field \(did you mean "securityDomain"\?\)/);
});

test('GIVEN only metadata.displayName or description changed WHEN applied THEN it is configured and stored, not "unchanged"', async () => {
  const file = join(dir, 'tenant.yaml');
  const doc = (displayName: string, description: string): string =>
    `apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: meta-only\n  displayName: ${displayName}\n  description: ${description}\n`;
  await writeFile(file, doc('First', 'one'));
  assert.equal((await tctl(['apply', '-f', file], { env })).stdout, 'organizations/tetrate/tenants/meta-only created\n');
  await writeFile(file, doc('Second', 'one'));
  assert.equal((await tctl(['apply', '-f', file], { env })).stdout, 'organizations/tetrate/tenants/meta-only configured\n');
  await writeFile(file, doc('Second', 'two'));
  assert.equal((await tctl(['apply', '-f', file], { env })).stdout, 'organizations/tetrate/tenants/meta-only configured\n');
  const got = parse((await tctl(['get', 'tenant', 'meta-only', '-o', 'yaml'], { env })).stdout) as { metadata: Record<string, unknown> };
  assert.equal(got.metadata.displayName, 'Second');
  assert.equal(got.metadata.description, 'two');
  assert.equal((await tctl(['apply', '-f', file], { env })).stdout, 'organizations/tetrate/tenants/meta-only unchanged\n');
});

test('GIVEN a file carrying an etag WHEN the object changed elsewhere since THEN apply fails with a 409 conflict naming both etags and keeps the newer change', async () => {
  const base = join(dir, 'etag-base.yaml');
  await writeFile(base, 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: etagged\nspec:\n  displayName: v1\n');
  assert.equal((await tctl(['apply', '-f', base], { env })).code, 0);
  // The user saves the object with its etag and edits that copy...
  const saved = (await tctl(['get', 'tenant', 'etagged', '-o', 'yaml'], { env })).stdout;
  const oldEtag = (parse(saved) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  // ...while a colleague changes it.
  await writeFile(
    base,
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata:\n  organization: tetrate\n  name: etagged\nspec:\n  displayName: colleague\n',
  );
  assert.equal((await tctl(['apply', '-f', base], { env })).stdout, 'organizations/tetrate/tenants/etagged configured\n');
  const newEtag = (parse((await tctl(['get', 'tenant', 'etagged', '-o', 'yaml'], { env })).stdout) as { metadata: { resourceVersion: string } }).metadata
    .resourceVersion;
  assert.notEqual(newEtag, oldEtag);

  const mine = join(dir, 'etag-mine.yaml');
  await writeFile(mine, saved.replace('displayName: v1', 'displayName: mine'));
  const r = await tctl(['apply', '-f', mine], { env });
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /MB1004/);
  assert.ok(r.stderr.includes(oldEtag) && r.stderr.includes(newEtag), r.stderr);
  const kept = parse((await tctl(['get', 'tenant', 'etagged', '-o', 'yaml'], { env })).stdout) as { spec: { displayName: string } };
  assert.equal(kept.spec.displayName, 'colleague');

  // With the current etag (or none at all) apply replaces, as before.
  await writeFile(mine, saved.replace('displayName: v1', 'displayName: mine').replaceAll(oldEtag, newEtag));
  assert.equal((await tctl(['apply', '-f', mine], { env })).stdout, 'organizations/tetrate/tenants/etagged configured\n');
});
