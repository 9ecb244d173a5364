// End-to-end: the management plane's mesh CA through its REST API on a real HTTPS listener and a
// real store — per-cluster intermediates from one root, checked by the real `openssl verify` and by
// istiod's load checks (src/pki), rotation, access control and removal on delete.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkPluginCaBundle, PLUGIN_CA_FILES, type PluginCaBundle } from '../../src/pki/index.js';
import { deliveredBundle, openssl, startCaServer, tempDir, writeFiles, type CaServer } from './_server.js';

const ORG = '/v2/organizations/tetrate';
const BOB = `Basic ${Buffer.from('bob:bob-password-123').toString('base64')}`;
let s: CaServer;
let tmp: { dir: string; remove: () => Promise<void> };

async function ok(method: string, path: string, body: unknown, status: number): Promise<Record<string, unknown>> {
  const r = await s.request(method, path, body);
  assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  return r.json;
}

/** The REST status of a cluster's cacerts (certificates only) with the key its agent would deliver. */
async function cacerts(cluster: string): Promise<PluginCaBundle & { body: Record<string, unknown> }> {
  const r = await s.request('GET', `${ORG}/clusters/${cluster}/cacerts`);
  assert.equal(r.status, 200, r.text);
  assert.doesNotMatch(r.text, /PRIVATE KEY|ca-key/, 'REST never returns a private key');
  const files = r.json.files as Record<string, string>;
  const delivered = await deliveredBundle(s, cluster);
  assert.equal(files['ca-cert.pem'], delivered['ca-cert.pem']);
  return { ...(files as unknown as PluginCaBundle), 'ca-key.pem': delivered['ca-key.pem'], body: r.json };
}

/** `openssl verify` of the intermediate against root-cert.pem, and of a workload leaf it signs through cert-chain.pem. */
async function opensslAccepts(name: string, b: PluginCaBundle, rootPem: string): Promise<void> {
  const dir = join(tmp.dir, name);
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const f of PLUGIN_CA_FILES) files[f] = b[f];
  await writeFiles(dir, {
    ...files,
    'mesh-root.pem': rootPem,
    'ext.cnf':
      'subjectAltName=critical,URI:spiffe://cluster.local/ns/shop/sa/web\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n',
  });
  const inter = await openssl(['verify', '-CAfile', 'mesh-root.pem', 'ca-cert.pem'], dir);
  assert.equal(inter.code, 0, inter.out);
  assert.match(inter.out, /ca-cert\.pem: OK/);
  const req = await openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'web.key', '-subj', '/O=shop', '-out', 'web.csr'],
    dir,
  );
  assert.equal(req.code, 0, req.out);
  const sign = await openssl(
    ['x509', '-req', '-in', 'web.csr', '-CA', 'ca-cert.pem', '-CAkey', 'ca-key.pem', '-days', '1', '-out', 'web.pem', '-extfile', 'ext.cnf'],
    dir,
  );
  assert.equal(sign.code, 0, sign.out);
  const leaf = await openssl(['verify', '-CAfile', 'mesh-root.pem', '-untrusted', 'cert-chain.pem', '-purpose', 'sslserver', 'web.pem'], dir);
  assert.equal(leaf.code, 0, leaf.out);
}

before(async () => {
  tmp = await tempDir();
  s = await startCaServer(join(tmp.dir, 'data'));
  await ok('POST', `${ORG}/clusters`, { name: 'east', cluster: {} }, 201);
  await ok('POST', `${ORG}/clusters`, { name: 'west', cluster: {} }, 201);
  await ok('POST', `${ORG}/users`, { name: 'bob', user: { loginName: 'bob' } }, 201);
  await ok('PUT', `${ORG}/users/bob/password`, { password: 'bob-password-123' }, 204);
  await ok('PUT', `${ORG}/clusters/west/accessbindings`, { allow: [{ role: 'rbac/reader', subjects: [{ user: 'organizations/tetrate/users/bob' }] }] }, 200);
});

after(async () => {
  await s?.close();
  await tmp?.remove();
});

test('two clusters get two different intermediates chaining to the one mesh root: openssl verify and istiod accept both', async () => {
  const root = await ok('GET', '/v2/cas/root', undefined, 200);
  const rootPem = String(root.rootCertPem);
  const east = await cacerts('east');
  const west = await cacerts('west');
  assert.notEqual(east['ca-cert.pem'], west['ca-cert.pem']);
  assert.notEqual(east['ca-key.pem'], west['ca-key.pem']);
  for (const [name, b] of [
    ['east', east],
    ['west', west],
  ] as const) {
    assert.equal(b['root-cert.pem'], rootPem, `${name}: root-cert.pem is the mesh root`);
    assert.equal(b['cert-chain.pem'], b['ca-cert.pem'] + rootPem);
    checkPluginCaBundle(b, new Date());
    await opensslAccepts(name, b, rootPem);
  }
  const subj = await openssl(['x509', '-noout', '-subject', '-in', join(tmp.dir, 'east', 'ca-cert.pem')], tmp.dir);
  assert.match(subj.out, /L\s*=\s*east/);
});

test('GET cacerts is a status with the public files only, no Secret manifest; ?namespace= (the old manifest namespace) is refused, not ignored', async () => {
  const east = await cacerts('east');
  assert.deepEqual(Object.keys(east.body.files as object).sort(), ['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem']);
  assert.equal(east.body.secret, undefined);
  assert.deepEqual(east.body.delivery, { by: 'agent', secret: 'istio-system/cacerts', held: null });
  const other = await s.request('GET', `${ORG}/clusters/east/cacerts?namespace=mesh-ca`);
  assert.equal(other.status, 400, other.text);
  assert.equal(other.json.code, 'MB4944');
  assert.doesNotMatch(other.text, /PRIVATE KEY/);
});

test('rotation issues a new intermediate from the same root that also verifies; the old one stays listed until the next rotation', async () => {
  const rootPem = String((await ok('GET', '/v2/cas/root', undefined, 200)).rootCertPem);
  const before = await cacerts('west');
  const rotated = await ok('POST', `${ORG}/clusters/west/cacerts/rotate`, undefined, 201);
  assert.doesNotMatch(JSON.stringify(rotated), /PRIVATE KEY/, 'the rotation response carries no key');
  const next = await deliveredBundle(s, 'west');
  assert.equal((rotated.files as Record<string, string>)['ca-cert.pem'], next['ca-cert.pem']);
  assert.notEqual(next['ca-cert.pem'], before['ca-cert.pem']);
  assert.notEqual(next['ca-key.pem'], before['ca-key.pem']);
  assert.equal(next['root-cert.pem'], rootPem);
  checkPluginCaBundle(next, new Date());
  await opensslAccepts('west-rotated', next, rootPem);
  const listed = rotated.intermediates as { state: string; sha256: string }[];
  assert.deepEqual(
    listed.map((i) => i.state),
    ['current', 'previous'],
  );
  const [prevSha] = (before.body.intermediates as { sha256: string }[]).map((i) => i.sha256);
  assert.equal(listed[1].sha256, prevSha);
  // The old intermediate (and what it signed) still verifies to the same root during the rotation.
  const old = await openssl(['verify', '-CAfile', 'mesh-root.pem', '-untrusted', 'cert-chain.pem', 'web.pem'], join(tmp.dir, 'west'));
  assert.equal(old.code, 0, old.out);
  const again = await ok('POST', `${ORG}/clusters/west/cacerts/rotate`, undefined, 201);
  const listedAgain = again.intermediates as { state: string; sha256: string }[];
  assert.equal(listedAgain.length, 2);
  assert.equal(listedAgain[1].sha256, listed[0].sha256, 'only the intermediate replaced last is listed');
  assert.equal((await cacerts('west'))['ca-cert.pem'], (again.files as Record<string, string>)['ca-cert.pem']);
});

test('cacerts status needs READ and rotation SET_POLICY: a reader of the cluster reads it (no key), cannot rotate (403); a stranger gets 404, anyone unauthenticated 401; the root is public to users', async () => {
  const reader = await s.request('GET', `${ORG}/clusters/west/cacerts`, undefined, BOB);
  assert.equal(reader.status, 200, reader.text);
  assert.doesNotMatch(reader.text, /PRIVATE KEY/);
  const rotate = await s.request('POST', `${ORG}/clusters/west/cacerts/rotate`, undefined, BOB);
  assert.equal(rotate.status, 403, rotate.text);
  const stranger = await s.request('GET', `${ORG}/clusters/east/cacerts`, undefined, BOB);
  assert.equal(stranger.status, 404, stranger.text);
  assert.doesNotMatch(stranger.text, /PRIVATE KEY/);
  const anon = await s.request('GET', `${ORG}/clusters/east/cacerts`, undefined, null);
  assert.equal(anon.status, 401, anon.text);
  const root = await s.request('GET', '/v2/cas/root', undefined, BOB);
  assert.equal(root.status, 200, root.text);
  assert.match(String(root.json.rootCertPem), /BEGIN CERTIFICATE/);
  assert.doesNotMatch(root.text, /PRIVATE KEY/);
  assert.equal((await s.request('GET', '/v2/cas/root', undefined, null)).status, 401);
});

test('deleting a cluster removes its material: cacerts is 404 and the store holds no secret for it', async () => {
  await ok('POST', `${ORG}/clusters`, { name: 'gone', cluster: {} }, 201);
  const fqn = 'organizations/tetrate/clusters/gone';
  assert.ok(await s.server.store.reader.getSecret(`mesh-ca:cluster:${fqn}`));
  await ok('DELETE', `${ORG}/clusters/gone`, undefined, 200);
  assert.equal(await s.server.store.reader.getSecret(`mesh-ca:cluster:${fqn}`), undefined);
  const r = await s.request('GET', `${ORG}/clusters/gone/cacerts`);
  assert.equal(r.status, 404, r.text);
  assert.equal((await s.request('POST', `${ORG}/clusters/gone/cacerts/rotate`)).status, 404);
});
