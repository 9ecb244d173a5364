// End-to-end: the mesh root survives restarts, clusters onboarded before the CA existed get their
// intermediate on the next start, the root's key never reaches the log, and two PostgreSQL replicas
// starting together agree on one root.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPluginCaBundle, type PluginCaBundle } from '../../src/pki/index.js';
import { dropSchemas, freshPostgres } from '../server/_server.js';
import { deliveredBundle, openssl, startCaServer, tempDir, writeFiles, type CaServer } from './_server.js';

const ORG = '/v2/organizations/tetrate';
const dirs: { remove: () => Promise<void> }[] = [];
const running: CaServer[] = [];

after(async () => {
  for (const s of running.splice(0)) await s.close().catch(() => {});
  for (const d of dirs.splice(0)) await d.remove();
  await dropSchemas();
});

async function get(s: CaServer, path: string): Promise<Record<string, unknown>> {
  const r = await s.request('GET', path);
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.json;
}

async function start(dataDir: string, o: Parameters<typeof startCaServer>[1] = {}): Promise<CaServer> {
  const s = await startCaServer(dataDir, o);
  running.push(s);
  return s;
}

async function stop(s: CaServer): Promise<void> {
  running.splice(running.indexOf(s), 1);
  await s.close();
}

test('a cluster onboarded before the mesh CA gets its intermediate on the next start; root and intermediate survive restarts; no key in the log', async () => {
  const tmp = await tempDir();
  dirs.push(tmp);
  const data = join(tmp.dir, 'data');
  const lines: string[] = [];
  const plain = await start(data, { withCa: false });
  assert.equal((await plain.request('POST', `${ORG}/clusters`, { name: 'legacy', cluster: {} })).status, 201);
  assert.notEqual((await plain.request('GET', '/v2/cas/root')).status, 200, 'no CA routes without the extension');
  await stop(plain);

  const first = await start(data, { log: (l) => lines.push(l) });
  const root = String((await get(first, '/v2/cas/root')).rootCertPem);
  const legacy = (await get(first, `${ORG}/clusters/legacy/cacerts`)).files as unknown as PluginCaBundle;
  checkPluginCaBundle(await deliveredBundle(first, 'legacy'), new Date());
  await writeFiles(tmp.dir, { 'root.pem': root, 'legacy.pem': legacy['ca-cert.pem'] });
  const v = await openssl(['verify', '-CAfile', 'root.pem', 'legacy.pem'], tmp.dir);
  assert.equal(v.code, 0, v.out);
  await stop(first);

  const second = await start(data, { log: (l) => lines.push(l) });
  assert.equal(String((await get(second, '/v2/cas/root')).rootCertPem), root, 'the root is kept, not recreated');
  const again = (await get(second, `${ORG}/clusters/legacy/cacerts`)).files as unknown as PluginCaBundle;
  assert.equal(again['ca-cert.pem'], legacy['ca-cert.pem'], 'an issued intermediate is not re-issued on start');
  await stop(second);

  const log = lines.join('');
  assert.equal(log.match(/mesh root CA created/g)?.length, 1, log);
  assert.equal(log.match(/intermediate CA issued for an existing cluster/g)?.length, 1, log);
  assert.doesNotMatch(log, /PRIVATE KEY|ca-key|keyPem/);
});

test('two PostgreSQL replicas starting together create one mesh root; a cluster created on one has the same cacerts on the other', async () => {
  const db = freshPostgres();
  const a = await tempDir();
  const b = await tempDir();
  dirs.push(a, b);
  const lines: string[] = [];
  const log = (l: string): void => void lines.push(l);
  const [ra, rb] = await Promise.all([start(join(a.dir, 'data'), { database: db, log }), start(join(b.dir, 'data'), { database: db, log })]);
  // Both read the same secret afterwards either way; what proves one root is that only one created it.
  assert.equal(lines.join('').match(/mesh root CA created/g)?.length, 1, lines.join(''));
  const rootA = String((await get(ra, '/v2/cas/root')).rootCertPem);
  assert.equal(String((await get(rb, '/v2/cas/root')).rootCertPem), rootA);
  assert.equal((await ra.request('POST', `${ORG}/clusters`, { name: 'east', cluster: {} })).status, 201);
  const onA = (await get(ra, `${ORG}/clusters/east/cacerts`)).files as Record<string, string>;
  const onB = (await get(rb, `${ORG}/clusters/east/cacerts`)).files as Record<string, string>;
  assert.deepEqual(onB, onA);
  assert.equal(onA['root-cert.pem'], rootA);
  const rotated = await rb.request('POST', `${ORG}/clusters/east/cacerts/rotate`);
  assert.equal(rotated.status, 201, rotated.text);
  assert.equal(
    ((await get(ra, `${ORG}/clusters/east/cacerts`)).files as Record<string, string>)['ca-cert.pem'],
    (rotated.json.files as Record<string, string>)['ca-cert.pem'],
  );
});

test('automatic rotation: an intermediate past 80 % of its lifetime is rotated once from the same root; fresh ones are left alone', async () => {
  const tmp = await tempDir();
  dirs.push(tmp);
  const s = await start(join(tmp.dir, 'data'), { ca: { rotationCheckMs: 0 } });
  assert.ok(s.ca);
  assert.equal((await s.request('POST', `${ORG}/clusters`, { name: 'east', cluster: {} })).status, 201);
  assert.equal((await s.request('POST', `${ORG}/clusters`, { name: 'west', cluster: {} })).status, 201);
  const before = (await get(s, `${ORG}/clusters/east/cacerts`)).files as unknown as PluginCaBundle;
  assert.deepEqual(await s.ca.rotateDue(), [], 'fresh intermediates are not rotated');
  // Default lifetime is 730 days: 700 days from now is past the 80 % point (584 days).
  const later = new Date(Date.now() + 700 * 86_400_000);
  assert.deepEqual(await s.ca.rotateDue(later), ['organizations/tetrate/clusters/east', 'organizations/tetrate/clusters/west']);
  const after = await get(s, `${ORG}/clusters/east/cacerts`);
  const files = after.files as unknown as PluginCaBundle;
  assert.notEqual(files['ca-cert.pem'], before['ca-cert.pem']);
  assert.equal(files['root-cert.pem'], before['root-cert.pem']);
  assert.equal(after.rotations, 1);
  checkPluginCaBundle(await deliveredBundle(s, 'east'), new Date());
  await writeFiles(tmp.dir, { 'root.pem': files['root-cert.pem'], 'rotated.pem': files['ca-cert.pem'] });
  const v = await openssl(['verify', '-CAfile', 'root.pem', 'rotated.pem'], tmp.dir);
  assert.equal(v.code, 0, v.out);
  assert.deepEqual(await s.ca.rotateDue(), [], 'the new intermediates are fresh again');
});
