// End to end: rotating the mesh root (issue #16, `tctl x ca rotate-root`) through a real server, three
// real agents on directory sinks and file inventories, and an emulation of istiod and its workloads
// (istiod and Envoy cannot run here: test/support/istiod-workload-emulation.ts signs workload
// certificates from the cacerts each agent applied and writes what each sidecar holds into the
// file inventory). At every step every pair of workloads is checked with the real `openssl verify`
// Envoy's TLS stands for; a cluster goes offline mid-step, the server restarts mid-rotation, a
// second rotation is aborted mid-way; finally logs, audit, REST answers and other-readable files are
// searched for every private key seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import Database from 'better-sqlite3';
import type { RootRotationView } from '../../src/api/index.js';
import { loadSecretsKey, unseal } from '../../src/server/secrets/index.js';
import {
  readCacertsYaml,
  opensslVerifyPair,
  startIstiodWorkloadEmulation,
  type EmulatedWorkload,
  type IstiodWorkloadEmulation,
} from '../support/istiod-workload-emulation.js';
import { startAgent, startServer, tctl, tctlProfile, tempDir, until, type Mp, type Proc } from './_harness.js';
import { ORG, adminClient } from './_config.js';

const PASSWORD = 'e2e-Admin-pass-1';
const WORKLOADS: Record<string, string[]> = { c1: ['shop/web-0', 'shop/web-1'], c2: ['shop/api-0'], c3: ['pay/pay-0'] };
const CLUSTERS = Object.keys(WORKLOADS);
const pems = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const sha = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
/** The root a workload's chain ends in (cert-chain.pem = intermediate + root). */
const chainRoot = (w: EmulatedWorkload): string => sha(pems(w.intermediates).at(-1) ?? '');

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

test('against an emulation of istiod and its workloads: a full root rotation with openssl verifying every pair at every step, a cluster offline holding a step and catching up, a server restart resuming it, an abort mid-way back to the old root; no private key anywhere it must not be', async (t) => {
  const dir = await tempDir(t, 'mb-root-rotation-e2e-');
  const data = join(dir, 'data');
  let mp: Mp = await startServer({ dataDir: data, password: PASSWORD, logLevel: 'info' });
  const logs: string[] = [];
  const agents: Record<string, Proc> = {};
  const emus: Record<string, IstiodWorkloadEmulation> = {};
  t.after(async () => {
    for (const e of Object.values(emus)) e.close();
    await Promise.all(Object.values(agents).map((a) => a.stop()));
    await mp.proc.stop();
  });
  const env = await tctlProfile(dir, mp, PASSWORD);
  let client = await adminClient(mp.address, mp.caFile, PASSWORD);
  const rest: string[] = [];
  const view = async (): Promise<RootRotationView> => {
    const v = await client.request<RootRotationView>('GET', `/v2/${ORG}/ca/root-rotation`);
    rest.push(JSON.stringify(v));
    return v;
  };
  const rr = async (action: string, allowFail = false): Promise<{ code: number; stdout: string; stderr: string }> => {
    const r = await tctl(env, ['x', 'ca', 'rotate-root', `--${action}`], '', allowFail);
    rest.push(r.stdout, r.stderr);
    return r;
  };
  const rrJson = async (action: string): Promise<RootRotationView> =>
    JSON.parse((await tctl(env, ['x', 'ca', 'rotate-root', `--${action}`, '-o', 'json'])).stdout) as RootRotationView;

  // GIVEN three managed clusters, each with an agent and an emulated istiod signing its workloads,
  // and c4 that brings its own CA (never written, but gated on what it trusts)
  await client.request('POST', `/v2/${ORG}/clusters`, { name: 'c4', cluster: { bringYourOwnCa: true } });
  const sink = join(dir, 'gitops');
  const startAgentOf = (c: string): Proc =>
    (agents[c] = startAgent({ cluster: c, jwk: join(dir, `${c}.jwk`), mp, sinkDir: sink, inventory: join(dir, `${c}.inventory.yaml`) }));
  for (const c of CLUSTERS) {
    const jwk = await tctl(env, ['install', 'cluster-service-account', '--cluster', c, '--create-cluster']);
    await writeFile(join(dir, `${c}.jwk`), jwk.stdout);
    await writeFile(join(dir, `${c}.inventory.yaml`), stringify({ namespaces: ['shop', 'pay'] }));
    // Workloads take a new bundle as istiod redistributes it, but a new certificate only when they
    // rotate (rotateNow below), so steps can be caught half-way.
    emus[c] = startIstiodWorkloadEmulation({
      clusterSinkDir: join(sink, c),
      inventoryFile: join(dir, `${c}.inventory.yaml`),
      workloads: WORKLOADS[c],
      reissueOnChange: false,
    });
    startAgentOf(c);
  }
  for (const c of CLUSTERS) await emus[c].ready();
  const OLD = sha(String((await client.request<Record<string, unknown>>('GET', '/v2/cas/root')).rootCertPem));

  // The private keys seen on the way: every cluster's ca-key.pem as its sink holds it, and the roots' keys.
  const keys = new Set<string>();
  const collectKeys = async (): Promise<void> => {
    for (const c of CLUSTERS) {
      const ca = await readCacertsYaml(join(sink, c));
      if (ca?.['ca-key.pem']) keys.add(ca['ca-key.pem']);
    }
    // The roots' keys exist only in the store, sealed with the data dir's secrets key.
    const { key } = await loadSecretsKey(join(data, 'secrets.key'), false);
    const db = new Database(join(data, 'meshbridge.db'), { readonly: true, fileMustExist: true });
    try {
      for (const row of db.prepare("SELECT key, value FROM secrets WHERE key LIKE 'mesh-ca:root%'").all() as { key: string; value: string }[]) {
        const v = JSON.parse(unseal(key, row.key, row.value)) as { keyPem?: string; newRoot?: { keyPem: string } };
        if (v.keyPem) keys.add(v.keyPem);
        if (v.newRoot) keys.add(v.newRoot.keyPem);
      }
    } finally {
      db.close();
    }
  };

  // Every ordered pair of workloads (across clusters): a verifies b's chain with a's bundle.
  const seen = new Set<string>();
  let verified = 0;
  let roots = { old: OLD, new: '' };
  const label = (s: string): string => (s === roots.old ? 'old' : s === roots.new ? 'new' : `other ${s.slice(0, 8)}`);
  const checkPairs = async (when: string): Promise<void> => {
    const all = CLUSTERS.flatMap((c) => emus[c].workloads());
    for (const a of all)
      for (const b of all) {
        if (a === b) continue;
        const r = await opensslVerifyPair(dir, a, b);
        assert.ok(r.ok, `${when}: ${a.namespace}/${a.name} (${label(chainRoot(a))}) cannot verify ${b.namespace}/${b.name} (${label(chainRoot(b))}): ${r.out}`);
        seen.add(`${label(chainRoot(a))}↔${label(chainRoot(b))}`);
        verified++;
      }
    await collectKeys();
  };
  const gateHolds = (what: string, ms = 60_000): Promise<void> => until(async () => (await view()).gate.holds, what, ms);
  const sinkChainRoot = async (c: string): Promise<string> => sha(pems((await readCacertsYaml(join(sink, c)))?.['cert-chain.pem'] ?? '').at(-1) ?? '');
  const sinkRoots = async (c: string): Promise<string[]> => pems((await readCacertsYaml(join(sink, c)))?.['root-cert.pem'] ?? '').map(sha);
  const bundlesAre = (want: string[], only: readonly string[] = CLUSTERS): Promise<void> =>
    until(
      async () => only.every((c) => emus[c].workloads().every((w) => JSON.stringify(pems(w.rootCert).map(sha)) === JSON.stringify(want))),
      `bundles ${want.map(label).join('+')}`,
      60_000,
    );
  await checkPairs('before');

  // Bad input: no action, or two, is MB4917 with a non-zero exit and nothing changed
  for (const args of [[], ['--start', '--abort']]) {
    const bad = await tctl(env, ['x', 'ca', 'rotate-root', ...args], '', true);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /\[MB4917\]/);
  }
  await assert.rejects(client.request('POST', `/v2/${ORG}/ca/root-rotation/start`, { force: true }), /start takes no fields, got force/);
  assert.equal((await view()).phase, 'idle');

  // WHEN the plan is asked, THEN it lists every cluster, c4 as not managed
  const plan = await rrJson('plan');
  rest.push(JSON.stringify(plan));
  assert.equal(plan.phase, 'idle');
  assert.deepEqual(
    plan.clusters.map((c) => [c.cluster.split('/').pop(), c.managed]),
    [
      ['c1', true],
      ['c2', true],
      ['c3', true],
      ['c4', false],
    ],
  );
  assert.deepEqual(plan.notManaged?.clusters, [`${ORG}/clusters/c4`]);

  // STEP 1: a new root; every cluster trusts both
  const started = await rrJson('start');
  roots = { old: OLD, new: started.newRoot?.sha256 ?? '' };
  assert.equal(started.step, 1);
  // The answer is computed right after the write, before any agent could hold the new bundle.
  assert.equal(started.gate.holds, false);
  assert.deepEqual(
    started.gate.holding.map((h) => h.split(':')[0]),
    [...CLUSTERS, 'c4'].map((c) => `${ORG}/clusters/${c}`),
  );
  assert.match(started.gate.holding[0], /root-cert\.pem holds old root \w{12} \(wants old root \w{12} \+ new root \w{12}\)/);
  await checkPairs('step 1 just started');
  await bundlesAre([OLD, roots.new]);
  // c4 brings its own CA and reports nothing: it holds step 1 (step 2 would issue certificates its
  // workloads may not trust), --advance is MB4919 naming it, and it is never written.
  await until(
    async () => JSON.stringify((await view()).gate.holding.map((h) => h.split(':')[0])) === JSON.stringify([`${ORG}/clusters/c4`]),
    'only c4 holds step 1',
    60_000,
  );
  const byoRefused = await rr('advance', true);
  assert.notEqual(byoRefused.code, 0);
  assert.match(
    byoRefused.stderr,
    /clusters\/c4: its agent is not connected; it brings its own CA and its root-cert\.pem holds no root: add the old root[\s\S]*\[MB4919\]/,
  );
  assert.equal(await stat(join(sink, 'c4')).catch(() => 'absent'), 'absent', 'c4 (own CA) is never written');
  await client.request('DELETE', `/v2/${ORG}/clusters/c4`);
  await gateHolds('step 1 reached everywhere');
  for (const c of CLUSTERS) assert.deepEqual(await sinkRoots(c), [OLD, roots.new]);
  await checkPairs('step 1');

  // STEP 2: intermediates from the new root; c3 goes offline before its workloads rotate
  assert.equal((await rrJson('advance')).step, 2);
  await checkPairs('step 2 just advanced');
  await agents.c3.stop();
  for (const c of ['c1', 'c2']) await until(async () => (await sinkChainRoot(c)) === roots.new, `${c} holds a new-root intermediate`, 30_000);
  await emus.c1.rotateNow({ only: ['shop/web-0'] });
  await checkPairs('step 2, one workload on the new root');
  // Negative control: without step 1 (a bundle holding the old root only) that workload's chain is refused.
  const oldOnly = { ...emus.c2.workloads()[0], rootCert: pems(emus.c2.workloads()[0].rootCert).find((p) => sha(p) === OLD) + '\n' };
  const refusedPair = await opensslVerifyPair(dir, oldOnly, emus.c1.workload('shop/web-0'));
  assert.equal(refusedPair.ok, false, 'a bundle without the new root refuses a new-root chain');
  assert.match(refusedPair.out, /unable to get (local )?issuer certificate|self-signed certificate in certificate chain/);
  await emus.c1.rotateNow();
  await emus.c2.rotateNow();
  await checkPairs('step 2, c1 and c2 on the new root');
  // THEN the offline cluster holds the rollout and is named
  await until(
    async () =>
      (await view()).clusters
        .filter((c) => !c.done)
        .map((c) => c.cluster)
        .join() === `${ORG}/clusters/c3`,
    'only c3 holds step 2',
    60_000,
  );
  const held = await rr('status', true);
  assert.equal(held.code, 1);
  assert.match(held.stdout, /^c3 +yes +no +0\/1 +waiting +its agent is not connected; /m);
  const refused = await rr('advance', true);
  assert.match(refused.stderr, /held by 1 cluster\(s\): organizations\/tetrate\/clusters\/c3: its agent is not connected;.*\[MB4912\]/s);

  // WHEN the server restarts mid-rotation, THEN it resumes at step 2
  const ports = { port: Number(mp.address.split(':')[1]), agentPort: Number(mp.agentAddress.split(':')[1]) };
  await mp.proc.stop();
  logs.push(mp.proc.out + mp.proc.err);
  mp = await startServer({ dataDir: data, password: PASSWORD, logLevel: 'info', ...ports });
  client = await adminClient(mp.address, mp.caFile, PASSWORD);
  assert.deepEqual([(await view()).phase, (await view()).step], ['intermediates', 2]);
  // AND c3 returning catches up: it gets the new intermediate, its workload rotates, the gate holds
  logs.push(agents.c3.out + agents.c3.err);
  startAgentOf('c3');
  await until(async () => (await sinkChainRoot('c3')) === roots.new, 'c3 caught up with step 2', 40_000);
  await until(async () => emus.c3.reloads > 0 && pems(emus.c3.workloads()[0].rootCert).length === 2, 'c3 emulation reloaded', 20_000);
  await emus.c3.rotateNow();
  await gateHolds('step 2 reached everywhere after c3 returned');
  await checkPairs('step 2');

  // STEP 3: the old root leaves every bundle; then the new root becomes the mesh root
  assert.equal((await rrJson('advance')).step, 3);
  await checkPairs('step 3 just advanced');
  await bundlesAre([roots.new]);
  await gateHolds('step 3 reached everywhere');
  await checkPairs('step 3');
  const done = await rrJson('advance');
  assert.deepEqual([done.phase, done.last?.outcome, done.meshRoot.sha256], ['idle', 'completed', roots.new]);
  assert.equal(sha(String((await client.request<Record<string, unknown>>('GET', '/v2/cas/root')).rootCertPem)), roots.new);
  await checkPairs('completed');
  for (const k of ['old↔new', 'new↔old', 'new↔new', 'old↔old']) assert.ok(seen.has(k), `pairs ${k} were checked (${[...seen].join(', ')})`);

  // A SECOND rotation, aborted mid-way (step 2) after one workload took a certificate from the new root
  const ROOT2 = roots.new;
  const second = await rrJson('start');
  roots = { old: ROOT2, new: second.newRoot?.sha256 ?? '' };
  await bundlesAre([ROOT2, roots.new]);
  await gateHolds('second rotation: step 1');
  await rrJson('advance');
  await until(async () => (await sinkChainRoot('c1')) === roots.new, 'c1 holds a root-3 intermediate', 30_000);
  await emus.c1.rotateNow({ only: ['shop/web-1'] });
  await checkPairs('second rotation: step 2, one workload on root 3');
  const rollback = await rrJson('abort');
  assert.deepEqual([rollback.phase, rollback.step], ['rollback', 2]);
  await until(async () => (await sinkChainRoot('c1')) === ROOT2, 'c1 back on a root-2 intermediate', 30_000);
  await checkPairs('rollback, web-1 still on root 3');
  // THEN finishing the rollback waits for web-1 and names it
  await until(
    async () => (await view()).gate.holding.some((h) => h.includes('shop/web-1: its certificate does not chain to the old root yet')),
    'web-1 named',
    30_000,
  );
  const early2 = await rr('abort', true);
  assert.match(early2.stderr, /shop\/web-1: its certificate does not chain to the old root yet.*\[MB4913\]/s);
  await emus.c1.rotateNow({ only: ['shop/web-1'] });
  await gateHolds('rollback reached everywhere');
  await checkPairs('rollback');
  const aborted = await rrJson('abort');
  assert.deepEqual([aborted.phase, aborted.last?.outcome, aborted.meshRoot.sha256], ['idle', 'aborted', ROOT2]);
  await bundlesAre([ROOT2]);
  await checkPairs('aborted');

  // AND no private key seen appears in logs, the audit trail, REST/tctl answers, or files others may read
  logs.push(mp.proc.out + mp.proc.err, ...Object.values(agents).map((a) => a.out + a.err));
  const audit = JSON.stringify(await client.request('GET', '/v2/audit'));
  assert.ok(keys.size >= 3 * 5, `keys collected: ${keys.size}`);
  const needles = [...keys].flatMap((k) => {
    const body = k.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return [body.slice(10, 50), Buffer.from(k).toString('base64').slice(20, 60)];
  });
  for (const [where, text] of [
    ['logs', logs.join('\n')],
    ['audit', audit],
    ['REST and tctl answers', rest.join('\n')],
  ] as const)
    for (const n of needles) assert.ok(!text.includes(n), `a private key appears in the ${where}`);
  assert.match(logs.join('\n'), /mesh root rotation moved/, 'the server log was captured at info level');
  let holding = 0;
  for (const f of await files(dir)) {
    const text = await readFile(f, 'utf8').catch(() => '');
    if (!needles.some((n) => text.includes(n))) continue;
    holding++;
    let open = ((await stat(f)).mode & 0o044) !== 0;
    for (let d = dirname(f); open && d !== dir && d.startsWith(dir); d = dirname(d)) open = ((await stat(d)).mode & 0o011) !== 0;
    assert.equal(open, false, `${f} holds a private key and is readable by others`);
  }
  assert.ok(holding >= 3, 'the scan saw the files that hold keys');
  t.diagnostic(`openssl verify: ${verified} workload pairs checked, kinds ${[...seen].join(', ')}; ${keys.size} private keys searched for`);
});
