import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { createStore, type ResourceInput } from '../../store/index.js';
import { createFeed } from '../feed/index.js';
import type { AgentMessage, GatewayReport, ServerMessage } from '../../gen/agent-types.js';
import { DEFAULT_OPTIONS, Distributor } from './distributor.js';
import { AgentSession } from './session.js';
import { issueClusterKey } from './credentials.js';

const ORG = 'organizations/tetrate';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const cluster = (name: string, spec: Record<string, unknown>): ResourceInput => ({
  fqn: `${ORG}/clusters/${name}`,
  parent: ORG,
  apiVersion: 'api.tsb.tetrate.io/v2',
  kind: 'Cluster',
  name,
  metadata: {},
  spec,
});
const gw = (address: string): GatewayReport => ({
  namespace: 'edge',
  name: 'gw',
  kind: 'ingress',
  addresses: [address],
  ports: [{ name: 'tls', port: 15443, nodePort: 0, protocol: 'TCP' }],
  hostnames: ['shop.example.com'],
  network: '',
  pods: ['gw-0'],
});
const noCall = { write: () => true, emit: () => true, end: () => undefined } as unknown as ServerDuplexStream<AgentMessage, ServerMessage>;

test('GIVEN agents reporting gateways WHEN inventory, gateway health or the Cluster change THEN the mesh view follows, and a deleted cluster leaves it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-mesh-gw-'));
  const store = await createStore({ dataDir: dir });
  const kids: Record<string, string> = {};
  await store.write('test', async (tx) => {
    await tx.put({ fqn: ORG, parent: '', apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Organization', name: 'tetrate', metadata: {}, spec: {} }, null);
    await tx.put(cluster('west', { network: 'net-a', locality: { region: 'eu-west1' } }), null);
    await tx.put(cluster('east', {}), null);
    for (const c of ['west', 'east']) kids[c] = String((await issueClusterKey(tx, `${ORG}/clusters/${c}`, { bump: false })).kid);
  });
  const feed = await createFeed(store);
  const ready = new Map<string, boolean>();
  const d = new Distributor(
    store,
    feed,
    quiet,
    { ...DEFAULT_OPTIONS, replica: 't', debounceMs: 5, maxWaitMs: 20, statusFlushMs: 10, heartbeatMs: 60_000 },
    (fqn) => (ns, pod) => ready.get(`${fqn}|${ns}/${pod}`),
  );
  await d.start();
  t.after(async () => {
    await d.stop();
    feed.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const west = new AgentSession(noCall, `${ORG}/clusters/west`, kids.west, 'test', '');
  const inventory = { namespaces: ['edge'], services: [], workloadTrust: [], gateways: [gw('203.0.113.1')] };
  assert.equal(await d.attach(west, { cluster: 'west', agentVersion: 'test', ackedVersion: '', applied: [], inventory }), true);
  const east = new AgentSession(noCall, `${ORG}/clusters/east`, kids.east, 'test', '');
  assert.equal(await d.attach(east, { cluster: 'east', agentVersion: 'test', ackedVersion: '', applied: [], inventory: { ...inventory, gateways: [] } }), true);
  const westInfo = () => d.mesh(ORG).clusters.find((c) => c.name === 'west');

  assert.equal(westInfo()?.network, 'net-a');
  assert.equal(westInfo()?.region, 'eu-west1');
  assert.deepEqual(
    westInfo()?.gateways?.map((g) => [g.addresses, g.hostnames, g.healthy]),
    [[['203.0.113.1'], ['shop.example.com'], undefined]],
  );

  const key = d.mesh(ORG).key;
  d.onInventory(west, { ...inventory, gateways: [gw('203.0.113.2')] });
  assert.deepEqual(westInfo()?.gateways?.[0]?.addresses, ['203.0.113.2']);
  assert.notEqual(d.mesh(ORG).key, key, 'an address change changes the mesh key, so every other cluster is recomputed');

  ready.set(`${ORG}/clusters/west|edge/gw-0`, false);
  d.onHealth(west);
  assert.equal(westInfo()?.gateways?.[0]?.healthy, false);
  ready.set(`${ORG}/clusters/west|edge/gw-0`, true);
  d.onHealth(west);
  assert.equal(westInfo()?.gateways?.[0]?.healthy, true);

  await store.write('test', async (tx) => {
    const cur = await tx.get(`${ORG}/clusters/west`);
    await tx.put(cluster('west', { network: 'net-b' }), cur?.etag ?? null);
  });
  await waitFor(() => westInfo()?.network === 'net-b');
  assert.equal(westInfo()?.region, undefined);

  await store.write('test', async (tx) => {
    await tx.remove(`${ORG}/clusters/west`);
  });
  await waitFor(() => westInfo() === undefined);
  assert.deepEqual(
    d.mesh(ORG).clusters.map((c) => c.name),
    ['east'],
  );
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), 'condition not reached within 2 s');
}
