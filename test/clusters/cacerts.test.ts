// End to end: each cluster's plug-in CA (istiod's cacerts) delivered through a real server and real
// agents on directory sinks and file inventories, checked with the real `openssl verify`; a cluster
// that brings its own CA; and a grep for the private key everywhere it must not be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { createRootCa, issueIntermediate } from '../../src/pki/index.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, type Proc } from './_harness.js';
import { ORG, adminClient } from './_config.js';

const PASSWORD = 'e2e-Admin-pass-1';
const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

function openssl(args: readonly string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('openssl', args, { cwd });
    let out = '';
    p.stdout.on('data', (c) => (out += String(c)));
    p.stderr.on('data', (c) => (out += String(c)));
    p.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

interface CaStatus {
  source: string;
  bringYourOwnCa: boolean;
  caCertSha256: string;
  rootCertSha256: string[];
  chainsToMeshRoot: boolean;
  problem?: { code: string; message: string };
}

test('each cluster agent writes its own cacerts (0600) that openssl verifies against the mesh root, reports fingerprints; a bring-your-own cluster gets none and its foreign chain is reported; the key is nowhere else', async (t) => {
  const dir = await tempDir(t, 'mb-cacerts-e2e-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD, logLevel: 'info' });
  const agents: Proc[] = [];
  t.after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  const client = await adminClient(mp.address, mp.caFile, PASSWORD);
  const rest: string[] = [];
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const body = await client.request<Record<string, unknown>>('GET', path);
    rest.push(JSON.stringify(body));
    return body;
  };
  // GIVEN c1 and c2 managed by meshbridge, and c3 declaring it brings its own CA, whose cacerts
  // (issued by a root that is not the mesh's) the file inventory lists.
  await client.request('POST', `/v2/${ORG}/clusters`, { name: 'c3', cluster: { bringYourOwnCa: true } });
  const foreignRoot = await createRootCa({ now: new Date(), keyType: 'ec', commonName: 'Not The Mesh Root' });
  const foreign = await issueIntermediate(foreignRoot, 'c3', { now: new Date(), keyType: 'ec' });
  const sink = join(dir, 'gitops');
  for (const c of ['c1', 'c2', 'c3']) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, ...(c === 'c3' ? [] : ['--create-cluster'])]);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    const inv: Record<string, unknown> = { namespaces: ['shop'] };
    if (c === 'c3')
      inv.cacerts = { 'ca-cert.pem': foreign['ca-cert.pem'], 'cert-chain.pem': foreign['cert-chain.pem'], 'root-cert.pem': foreign['root-cert.pem'] };
    await writeFile(join(dir, `${c}.inventory.json`), JSON.stringify(inv));
    agents.push(startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.json`) }));
  }
  const meshRoot = String((await get('/v2/cas/root')).rootCertPem);
  const status = async (c: string): Promise<CaStatus | undefined> => (await get(`/v2/${ORG}/clusters/${c}/status`)).ca as CaStatus | undefined;

  // THEN c1 and c2 each hold their own cacerts, owner-only, that istiod's layout and openssl accept
  const caCerts: Record<string, string> = {};
  const keys: string[] = [];
  for (const c of ['c1', 'c2']) {
    const file = join(sink, c, 'istio-system/Secret/cacerts.yaml');
    await until(async () => (await stat(file).catch(() => undefined)) !== undefined, `${c} cacerts written`);
    assert.equal((await stat(file)).mode & 0o777, 0o600, `${file} is owner-only`);
    const secret = parse(await readFile(file, 'utf8')) as { kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> };
    assert.equal(secret.kind, 'Secret');
    assert.deepEqual([secret.metadata.namespace, secret.metadata.name], ['istio-system', 'cacerts']);
    assert.deepEqual(Object.keys(secret.data).sort(), ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    const pem = (f: string): string => Buffer.from(secret.data[f], 'base64').toString('utf8');
    const work = join(dir, `verify-${c}`);
    await mkdir(work, { recursive: true });
    for (const f of ['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem']) await writeFile(join(work, f), pem(f));
    const v = await openssl(['verify', '-CAfile', 'root-cert.pem', 'ca-cert.pem'], work);
    assert.equal(v.code, 0, v.out);
    assert.match(v.out, /ca-cert\.pem: OK/);
    assert.equal(sha(pem('root-cert.pem')), sha(meshRoot), 'root-cert.pem is the mesh root');
    caCerts[c] = pem('ca-cert.pem');
    keys.push(pem('ca-key.pem'));
    // AND the agent reports the fingerprints it holds; the server finds them chained to the mesh root
    await until(async () => (await status(c))?.caCertSha256 === sha(caCerts[c]), `${c} fingerprints in the status`);
    const st = (await status(c)) as CaStatus;
    assert.equal(st.source, 'meshbridge');
    assert.equal(st.chainsToMeshRoot, true);
    assert.deepEqual(st.rootCertSha256, [sha(meshRoot)]);
    assert.equal(st.problem, undefined);
  }
  assert.notEqual(sha(caCerts.c1), sha(caCerts.c2), 'each cluster has its own intermediate');

  // AND c3 got no cacerts; its own chain is reported as not from the mesh root
  await until(async () => (await status('c3'))?.problem?.code === 'MB4900', 'c3 mismatch reported');
  const c3 = (await status('c3')) as CaStatus;
  assert.equal(c3.source, 'cluster');
  assert.equal(c3.bringYourOwnCa, true);
  assert.equal(c3.caCertSha256, sha(foreign['ca-cert.pem']));
  assert.match(c3.problem?.message ?? '', /does not chain to the mesh root/);
  assert.equal(await stat(join(sink, 'c3', 'istio-system')).catch(() => 'absent'), 'absent', 'meshbridge never writes cacerts for c3');

  // WHEN c1's intermediate is rotated, THEN the new one reaches its agent (periodic re-read, 10 s)
  rest.push(JSON.stringify(await client.request('POST', `/v2/${ORG}/clusters/c1/cacerts/rotate`, {})));
  const file1 = join(sink, 'c1', 'istio-system/Secret/cacerts.yaml');
  let rotated = '';
  await until(
    async () => {
      const s = parse(await readFile(file1, 'utf8')) as { data: Record<string, string> };
      rotated = Buffer.from(s.data['ca-cert.pem'], 'base64').toString('utf8');
      if (rotated !== caCerts.c1) keys.push(Buffer.from(s.data['ca-key.pem'], 'base64').toString('utf8'));
      return rotated !== caCerts.c1;
    },
    'rotated intermediate delivered',
    30_000,
  );
  assert.equal((await stat(file1)).mode & 0o777, 0o600);
  await until(async () => (await status('c1'))?.caCertSha256 === sha(rotated), 'rotated fingerprint in the status');

  // AND no private key appears in logs, audit entries, REST responses (the cacerts status and its
  // rotation included: the key travels only on the agent stream) or files readable by others
  await get(`/v2/${ORG}/clusters`);
  await get(`/v2/${ORG}/clusters/c1`);
  await get(`/v2/${ORG}/trust`);
  for (const c of ['c1', 'c2']) {
    const body = await get(`/v2/${ORG}/clusters/${c}/cacerts`);
    assert.deepEqual(Object.keys(body.files as object).sort(), ['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem'], `${c}: certificates only`);
    assert.equal((body.delivery as { held: { chainsToMeshRoot: boolean } }).held.chainsToMeshRoot, true, `${c}: the status says what the agent holds`);
  }
  assert.equal(rest.join('\n').includes('PRIVATE KEY'), false, 'no REST response holds a PEM private key');
  const audit = JSON.stringify(await client.request('GET', '/v2/audit'));
  const needles = keys.flatMap((k) => {
    const body = k.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return [body.slice(10, 50), Buffer.from(k).toString('base64').slice(20, 60)];
  });
  const places: [string, string][] = [
    ['server log', mp.proc.out + mp.proc.err],
    ['audit', audit],
    ['REST', rest.join('\n')],
    ...agents.map((a, i): [string, string] => [`agent c${i + 1} log`, a.out + a.err]),
  ];
  for (const [where, text] of places) for (const n of needles) assert.ok(!text.includes(n), `a private key appears in the ${where}`);
  assert.match(mp.proc.out + mp.proc.err, /listening for cluster agents/, 'the server log was captured at info level');
  let holding = 0;
  for (const f of await files(dir)) {
    const text = await readFile(f, 'utf8').catch(() => '');
    if (!needles.some((n) => text.includes(n))) continue;
    holding++;
    // Readable by others: the file grants group/other read and every folder below the test's
    // (0700) temp dir lets them through (the server's data dir is 0700, so its database counts as closed).
    let open = ((await stat(f)).mode & 0o044) !== 0;
    for (let d = dirname(f); open && d !== dir && d.startsWith(dir); d = dirname(d)) open = ((await stat(d)).mode & 0o011) !== 0;
    assert.equal(open, false, `${f} holds a private key and is readable by others`);
  }
  assert.ok(holding >= 2, 'the scan saw the files that hold keys');
  assert.equal((await stat(join(dir, 'data'))).mode & 0o077, 0, 'the server data dir is owner-only');
});
