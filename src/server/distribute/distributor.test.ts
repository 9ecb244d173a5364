import { test } from 'node:test';
import { EventEmitter, once } from 'node:events';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { createStore, type ResourceInput, type Store } from '../../store/index.js';
import { createFeed } from '../feed/index.js';
import type { AgentMessage, ServerMessage, Snapshot } from '../../gen/agent-types.js';
import { DEFAULT_OPTIONS, Distributor } from './distributor.js';
import { AgentSession } from './session.js';
import { issueClusterKey, revokeClusterKeys } from './credentials.js';
import { readClusterTrust, trustGates } from '../trust/index.js';
import { ensureRoot, issueClusterCa, readClusterCa } from '../ca/mesh-ca.js';

const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/t/workspaces/ws`;
const IG = `${WS}/gatewaygroups/g/ingressgateways/edge`;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function input(fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown> = {}): ResourceInput {
  const parts = fqn.split('/');
  return { fqn, parent: parts.slice(0, -2).join('/'), apiVersion, kind, name: parts[parts.length - 1], metadata: {}, spec };
}

function igSpec(host: string): Record<string, unknown> {
  return {
    workloadSelector: { namespace: 'bench' },
    http: [{ name: 'edge', port: 80, hostname: host, routing: { rules: [{ route: { host: 'bench/web.bench.svc.cluster.local', port: 80 } }] } }],
  };
}

/** A stand-in for the gRPC call that records what the server sends and how it ended. */
class FakeCall {
  readonly sent: ServerMessage[] = [];
  ended: { code?: number; details?: string } | undefined;
  write(m: ServerMessage): boolean {
    this.sent.push(m);
    return true;
  }
  emit(_event: string, err: { code: number; details: string }): boolean {
    this.ended = err;
    return true;
  }
  end(): void {
    this.ended = {};
  }
  snapshots(): Snapshot[] {
    return this.sent.flatMap((m) => (m.snapshot ? [m.snapshot] : []));
  }
}

async function setup(
  t: { after(fn: () => Promise<void> | void): void },
  maxInitialSyncs: number,
): Promise<{ store: Store; d: Distributor; recomputed: EventEmitter; kids: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-distributor-'));
  const store = await createStore({ dataDir: dir });
  const kids: Record<string, string> = {};
  await store.write('test', async (tx) => {
    await tx.put(input(ORG, 'api.tsb.tetrate.io/v2', 'Organization'), null);
    await tx.put(input(`${ORG}/tenants/t`, 'api.tsb.tetrate.io/v2', 'Tenant'), null);
    await tx.put(input(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/bench'] } }), null);
    await tx.put(input(`${WS}/gatewaygroups/g`, 'gateway.tsb.tetrate.io/v2', 'Group', { configMode: 'BRIDGED' }), null);
    await tx.put(input(IG, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', igSpec('a.example.com')), null);
    for (let i = 0; i < 5; i++) {
      await tx.put(input(`${ORG}/clusters/c${i}`, 'api.tsb.tetrate.io/v2', 'Cluster'), null);
      kids[`c${i}`] = String((await issueClusterKey(tx, `${ORG}/clusters/c${i}`, { bump: false })).kid);
    }
  });
  const feed = await createFeed(store);
  const recomputed = new EventEmitter();
  const d = new Distributor(store, feed, quiet, {
    ...DEFAULT_OPTIONS,
    replica: 'test',
    maxInitialSyncs,
    debounceMs: 10,
    maxWaitMs: 50,
    statusFlushMs: 10,
    heartbeatMs: 60_000,
    onRecomputed: (c) => recomputed.emit('recomputed', [...c]),
  });
  await d.start();
  t.after(async () => {
    await d.stop();
    feed.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { store, d, recomputed, kids };
}

async function connect(
  d: Distributor,
  cluster: string,
  kid: string,
  applied: { key: string; hash: string }[] = [],
): Promise<{ call: FakeCall; session: AgentSession }> {
  const call = new FakeCall();
  const session = new AgentSession(call as unknown as ServerDuplexStream<AgentMessage, ServerMessage>, `${ORG}/clusters/${cluster}`, kid, 'test', '');
  assert.equal(
    await d.attach(session, {
      cluster,
      agentVersion: 'test',
      ackedVersion: '',
      applied,
      inventory: { namespaces: ['bench'], services: [], workloadTrust: [], gateways: [] },
    }),
    true,
  );
  return { call, session };
}

function ack(d: Distributor, c: { call: FakeCall; session: AgentSession }): void {
  const last = c.call.snapshots().at(-1) as Snapshot;
  d.onAck(c.session, { version: last.version, ok: true, errors: [] });
}

test('at most maxInitialSyncs agents receive their first snapshot at once; the rest follow as ACKs free slots', async (t) => {
  const { d, kids } = await setup(t, 2);
  const agents = [];
  for (let i = 0; i < 5; i++) agents.push(await connect(d, `c${i}`, kids[`c${i}`]));
  assert.deepEqual(
    agents.map((a) => a.call.snapshots().length),
    [1, 1, 0, 0, 0],
  );
  assert.equal(agents[0].call.snapshots()[0].full, true);
  assert.deepEqual(
    agents[0].call.snapshots()[0].upserts.map((u) => u.key),
    ['bench/Gateway/edge', 'bench/VirtualService/edge-edge'],
  );
  ack(d, agents[0]);
  assert.deepEqual(
    agents.map((a) => a.call.snapshots().length),
    [1, 1, 1, 0, 0],
  );
  agents[1].session.close(1, 'gone');
  d.detach(agents[1].session);
  assert.deepEqual(
    agents.map((a) => a.call.snapshots().length),
    [1, 1, 1, 1, 0],
  );
});

test('a reconnecting agent that already holds the current objects is sent nothing', async (t) => {
  const { d, kids } = await setup(t, 8);
  const first = await connect(d, 'c0', kids.c0);
  const held = first.call.snapshots()[0].upserts.map((u) => ({ key: u.key, hash: u.hash }));
  ack(d, first);
  d.detach(first.session);
  const again = await connect(d, 'c0', kids.c0, held);
  assert.deepEqual(again.call.snapshots(), []);
  const partial = await connect(d, 'c0', kids.c0, held.slice(0, 1));
  assert.deepEqual(
    partial.call.snapshots().map((s) => [s.full, s.upserts.map((u) => u.key), s.removes]),
    [[false, ['bench/VirtualService/edge-edge'], []]],
  );
});

test('a change recomputes only the clusters it can touch, and one version is in flight per agent', async (t) => {
  const { store, d, recomputed, kids } = await setup(t, 8);
  const a = [await connect(d, 'c0', kids.c0), await connect(d, 'c1', kids.c1)];
  for (const x of a) ack(d, x);
  const next = (): Promise<string[]> => once(recomputed, 'recomputed').then(([c]) => c as string[]);
  // A workspace that only selects c1 recomputes c1 alone.
  let wait = next();
  await store.write('test', async (tx) => {
    await tx.put(input(`${ORG}/tenants/t/workspaces/only-c1`, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['c1/other'] } }), null);
  });
  assert.deepEqual(await wait, ['c1']);
  // The gateway change reaches both, and a second change while the first is unacknowledged waits.
  wait = next();
  await store.write('test', async (tx) => {
    const cur = await tx.get(IG);
    await tx.put({ ...input(IG, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', igSpec('b.example.com')) }, cur?.etag ?? null);
  });
  assert.deepEqual(await wait, ['c0', 'c1']);
  assert.equal(a[0].call.snapshots().length, 2);
  wait = next();
  await store.write('test', async (tx) => {
    const cur = await tx.get(IG);
    await tx.put({ ...input(IG, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', igSpec('c.example.com')) }, cur?.etag ?? null);
  });
  await wait;
  assert.equal(a[0].call.snapshots().length, 2, 'coalesced while the previous version is in flight');
  ack(d, a[0]);
  const latest = a[0].call.snapshots();
  assert.equal(latest.length, 3);
  assert.match(latest[2].upserts[0].json.toString(), /c\.example\.com/);
});

test('revoking a key cuts that cluster stream at once and leaves the others', async (t) => {
  const { store, d, kids } = await setup(t, 8);
  const c0 = await connect(d, 'c0', kids.c0);
  const c1 = await connect(d, 'c1', kids.c1);
  await store.write('test', (tx) => revokeClusterKeys(tx, `${ORG}/clusters/c0`));
  await d.credentialsChanged(`${ORG}/clusters/c0`);
  assert.equal(c0.call.ended?.code, 16);
  assert.match(c0.call.ended?.details ?? '', /revoked/);
  assert.equal(c1.call.ended, undefined);
});

test('a synced cluster reads READY "Cluster onboarded" with its inventory, and heartbeats refresh last-seen at most once a minute', async (t) => {
  const { store, d, kids } = await setup(t, 8);
  const c0 = await connect(d, 'c0', kids.c0);
  ack(d, c0);
  await d.clusterStatuses.idle();
  const first = (await store.getStatus(`${ORG}/clusters/c0`)).find((r) => r.source === '')?.status as Record<string, unknown>;
  assert.equal(first.status, 'READY');
  assert.equal(first.message, 'Cluster onboarded');
  assert.deepEqual(first.namespaces, ['bench']);
  c0.session.lastHeard = Date.parse(String(first.lastSeen)) + 5_000;
  d.onHeartbeat(c0.session);
  await d.clusterStatuses.idle();
  const unchanged = (await store.getStatus(`${ORG}/clusters/c0`)).find((r) => r.source === '')?.status as Record<string, unknown>;
  assert.equal(unchanged.lastSeen, first.lastSeen, 'throttled');
  c0.session.statusAt -= 61_000;
  d.onHeartbeat(c0.session);
  await d.clusterStatuses.idle();
  const later = (await store.getStatus(`${ORG}/clusters/c0`)).find((r) => r.source === '')?.status as Record<string, unknown>;
  assert.equal(Date.parse(String(later.lastSeen)) - Date.parse(String(first.lastSeen)), 5_000);
});

test('an object Istio would reject (a bad DIRECT VirtualService) is never sent and its resource shows FAILED with the reason', async (t) => {
  const { store, kids } = await setup(t, 8);
  const VS = `${WS}/trafficgroups/direct/virtualservices/bad`;
  await store.write('test', async (tx) => {
    await tx.put(input(`${WS}/trafficgroups/direct`, 'traffic.tsb.tetrate.io/v2', 'Group', { configMode: 'DIRECT' }), null);
    await tx.put({ ...input(VS, 'networking.istio.io/v1', 'VirtualService', { hosts: ['web'], http: 'not-a-list' }), metadata: { namespace: 'bench' } }, null);
  });
  // A second distributor (as after a restart) loads the bad object at start.
  const feed = await createFeed(store);
  const d2 = new Distributor(store, feed, quiet, { ...DEFAULT_OPTIONS, replica: 'v', statusFlushMs: 10, heartbeatMs: 60_000 });
  await d2.start();
  t.after(async () => {
    await d2.stop();
    feed.stop();
  });
  const c0 = await connect(d2, 'c0', kids.c0);
  assert.deepEqual(
    c0.call.snapshots()[0].upserts.map((u) => u.key),
    ['bench/Gateway/edge', 'bench/VirtualService/edge-edge'],
  );
  await d2.statuses.flush();
  const rec = (await store.getStatus(VS)).find((r) => r.source === 'c0')?.status as { status: string; message: string };
  assert.equal(rec.status, 'FAILED');
  assert.match(rec.message, /bench\/VirtualService\/bad: invalid VirtualService at \/spec\/http: must be array/);
});

test('workload trust: an inventory that does not report it leaves the cluster unreported (gates hold); a reported one lands grouped in the cluster status, read back through src/server/trust', async (t) => {
  const { store, d, kids } = await setup(t, 8);
  const c0 = await connect(d, 'c0', kids.c0);
  ack(d, c0);
  await d.clusterStatuses.idle();
  const fqn = `${ORG}/clusters/c0`;
  const root = 'a'.repeat(64);
  assert.equal((await readClusterTrust(store, fqn)).trust, undefined);
  assert.deepEqual(await trustGates.everyWorkloadHoldsRoot(store, fqn, root), { ok: false, reported: false, total: 0, passing: 0, failing: [] });
  const wt = { namespace: 'bench', name: 'web-0', rootSha256: [root], chainSha256: ['l', 'i', root], chainRootSha256: root, leafNotAfterMs: 0, error: '' };
  d.onInventory(c0.session, { namespaces: ['bench'], services: [], workloadTrust: [wt], workloadTrustReported: true, gateways: [] });
  await d.clusterStatuses.idle();
  const got = await readClusterTrust(store, fqn);
  assert.equal(got.agentConnected, true);
  assert.deepEqual(
    got.trust?.groups.map((g) => [g.rootSha256, g.intermediateSha256, g.workloads.map((w) => w.name)]),
    [[[root], ['i', root], ['web-0']]],
  );
  assert.equal((await trustGates.everyWorkloadChainsTo(store, fqn, root)).ok, true);
  assert.deepEqual((await trustGates.noWorkloadHoldsRoot(store, fqn, root)).failing, ['bench/web-0']);
});

test('cacerts check: an inventory that no longer lists cacerts (the Secret was deleted) replaces the last good fingerprints with MB4901', async (t) => {
  const { store, d, kids } = await setup(t, 8);
  const fqn = `${ORG}/clusters/c0`;
  await store.write('test', async (tx) => {
    await ensureRoot(tx, {});
    await issueClusterCa(tx, fqn, {});
  });
  const ca = await readClusterCa(store.reader, fqn);
  assert.ok(ca);
  const c0 = await connect(d, 'c0', kids.c0);
  ack(d, c0);
  const caStatus = async (): Promise<{ chainsToMeshRoot?: boolean; problem?: { code: string } } | undefined> =>
    ((await store.getStatus(fqn)).find((r) => r.source === '')?.status as { ca?: { chainsToMeshRoot?: boolean; problem?: { code: string } } } | undefined)?.ca;
  const until = async (ok: () => Promise<boolean>, what: string): Promise<void> => {
    for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(await ok(), what);
  };
  const base = { namespaces: ['bench'], services: [], workloadTrust: [], gateways: [] };
  const report = {
    source: 'cluster',
    caCertSha256: '',
    certChainSha256: [],
    rootCertSha256: [],
    caCertPem: ca.current['ca-cert.pem'],
    certChainPem: ca.current['cert-chain.pem'],
    rootCertPem: ca.current['root-cert.pem'],
  };
  d.onInventory(c0.session, { ...base, ca: report });
  await until(async () => (await caStatus())?.chainsToMeshRoot === true, 'the reported cacerts chain to the mesh root');
  d.onInventory(c0.session, { ...base });
  await until(async () => (await caStatus())?.problem?.code === 'MB4901', 'a cacerts no longer reported is MB4901, not the last good fingerprints');
});
