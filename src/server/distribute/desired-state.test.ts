import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type ResourceInput, type StoredResource } from '../../store/index.js';
import { createFeed } from '../feed/index.js';
import { DesiredState, type StreamsView } from './desired-state.js';

const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/t/workspaces/ws`;

function input(fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown> = {}): ResourceInput {
  const parts = fqn.split('/');
  return { fqn, parent: parts.slice(0, -2).join('/'), apiVersion, kind, name: parts[parts.length - 1], metadata: {}, spec };
}

/** The streams side of the split, recorded: which clusters the desired state asked to recompute. */
class RecordingStreams implements StreamsView {
  readonly recomputed: string[] = [];
  readonly clusterChanges: string[] = [];
  constructor(private readonly connected: readonly string[]) {}
  connectedClusters(): readonly string[] {
    return this.connected;
  }
  connectedFqns(): readonly string[] {
    return this.connected.map((c) => `${ORG}/clusters/${c}`);
  }
  recompute(clusterFqn: string): boolean {
    this.recomputed.push(clusterFqn);
    return true;
  }
  async clusterChanged(fqn: string, r: StoredResource | undefined): Promise<void> {
    this.clusterChanges.push(`${fqn} ${r ? 'changed' : 'deleted'}`);
  }
}

test('the desired state, on its own, tells the streams which connected clusters a change touches and computes their snapshots', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-desired-'));
  const store = await createStore({ dataDir: dir });
  await store.write('test', async (tx) => {
    await tx.put(input(ORG, 'api.tsb.tetrate.io/v2', 'Organization'), null);
    await tx.put(input(`${ORG}/tenants/t`, 'api.tsb.tetrate.io/v2', 'Tenant'), null);
    await tx.put(input(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['c1/bench'] } }), null);
    await tx.put(input(`${WS}/gatewaygroups/g`, 'gateway.tsb.tetrate.io/v2', 'Group', { configMode: 'BRIDGED' }), null);
    for (const c of ['c1', 'c2']) await tx.put(input(`${ORG}/clusters/${c}`, 'api.tsb.tetrate.io/v2', 'Cluster'), null);
  });
  const feed = await createFeed(store);
  const streams = new RecordingStreams(['c1', 'c2']);
  const batches: string[][] = [];
  const state = new DesiredState(store, feed, { error: () => {} }, streams, { debounceMs: 10, maxWaitMs: 50, onRecomputed: (c) => batches.push([...c]) });
  await state.start();
  t.after(async () => {
    state.stopFollowing();
    await state.idle();
    feed.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const info = { name: 'c1', namespaces: ['bench'], services: [] };
  assert.equal(state.desired(ORG, info, undefined).snapshot.entries.size, 0, 'nothing selects c1 yet');

  const ig = `${WS}/gatewaygroups/g/ingressgateways/edge`;
  const spec = {
    workloadSelector: { namespace: 'bench' },
    http: [{ name: 'edge', port: 80, hostname: 'a.example.com', routing: { rules: [{ route: { host: 'bench/web.bench.svc.cluster.local', port: 80 } }] } }],
  };
  await store.write('test', (tx) => tx.put(input(ig, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', spec), null));
  for (let i = 0; i < 100 && batches.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(batches, [['c1']], 'only c1 holds the workspace namespace');
  assert.deepEqual(streams.recomputed, [`${ORG}/clusters/c1`]);
  assert.ok(state.desired(ORG, info, undefined).snapshot.entries.size > 0, 'c1 now has objects');

  await store.write('test', async (tx) => void (await tx.remove(`${ORG}/clusters/c2`)));
  for (let i = 0; i < 100 && streams.clusterChanges.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(streams.clusterChanges, [`${ORG}/clusters/c2 deleted`]);
});
