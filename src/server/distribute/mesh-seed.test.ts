import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { createStore, type ResourceInput, type Store } from '../../store/index.js';
import { meshView, type ClusterInfo } from '../../translate/index.js';
import { createFeed } from '../feed/index.js';
import type { AgentMessage, Inventory, ServerMessage, Snapshot } from '../../gen/agent-types.js';
import { DEFAULT_OPTIONS, Distributor } from './distributor.js';
import { AgentSession } from './session.js';
import { issueClusterKey } from './credentials.js';
import { MeshSeeds, seededInfo, storedMeshInfo } from './mesh-seed.js';

const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/t/workspaces/ws`;
const AP = 'bench/AuthorizationPolicy/sec-default';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const INVENTORY: Record<string, Inventory> = {
  c0: { namespaces: ['bench'], services: [], workloadTrust: [], gateways: [], trustDomain: 'c0.example' },
  c1: {
    namespaces: ['bench', 'other'],
    services: [{ namespace: 'other', name: 'db', ports: [] }],
    workloadTrust: [],
    gateways: [
      {
        namespace: 'gw',
        name: 'eastwest',
        kind: 'eastwest',
        addresses: ['10.0.0.1'],
        ports: [{ name: 'tls', port: 15443, nodePort: 0, protocol: 'TCP' }],
        hostnames: [],
        network: '',
        pods: [],
      },
    ],
    trustDomain: 'c1.example',
  },
};

function input(fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown> = {}): ResourceInput {
  const parts = fqn.split('/');
  return { fqn, parent: parts.slice(0, -2).join('/'), apiVersion, kind, name: parts[parts.length - 1], metadata: {}, spec };
}

class FakeCall {
  readonly sent: ServerMessage[] = [];
  write(m: ServerMessage): boolean {
    this.sent.push(m);
    return true;
  }
  emit(): boolean {
    return true;
  }
  end(): void {}
  snapshots(): Snapshot[] {
    return this.sent.flatMap((m) => (m.snapshot ? [m.snapshot] : []));
  }
}

async function distributor(store: Store): Promise<{ d: Distributor; stop: () => Promise<void> }> {
  const feed = await createFeed(store);
  const d = new Distributor(store, feed, quiet, { ...DEFAULT_OPTIONS, replica: 'test', debounceMs: 10, maxWaitMs: 50, statusFlushMs: 10, heartbeatMs: 60_000 });
  await d.start();
  return {
    d,
    stop: async () => {
      await d.stop();
      feed.stop();
    },
  };
}

async function connect(d: Distributor, cluster: string, kid: string): Promise<{ call: FakeCall; session: AgentSession }> {
  const call = new FakeCall();
  const session = new AgentSession(call as unknown as ServerDuplexStream<AgentMessage, ServerMessage>, `${ORG}/clusters/${cluster}`, kid, 'test', '');
  assert.equal(await d.attach(session, { cluster, agentVersion: 'test', ackedVersion: '', applied: [], inventory: INVENTORY[cluster] }), true);
  return { call, session };
}

/** The GROUP AuthorizationPolicy's allowed namespaces in the first snapshot a cluster receives. */
function allowedNamespaces(call: FakeCall): unknown {
  const ap = call.snapshots()[0]?.upserts.find((u) => u.key === AP);
  assert.ok(ap, `the first snapshot carries ${AP}`);
  const spec = (JSON.parse(ap.json.toString('utf8')) as { spec: { rules: { from: { source: { namespaces: string[] } }[] }[] } }).spec;
  return spec.rules[0].from[0].source.namespaces;
}

test("GIVEN two clusters reported their inventories and the server restarted WHEN only c0 reconnects THEN its GROUP policy already names c1's namespaces (seeded from the stored status; no A → B → A flip)", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-mesh-seed-'));
  const store = await createStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const kids: Record<string, string> = {};
  await store.write('test', async (tx) => {
    await tx.put(input(ORG, 'api.tsb.tetrate.io/v2', 'Organization'), null);
    await tx.put(input(`${ORG}/tenants/t`, 'api.tsb.tetrate.io/v2', 'Tenant'), null);
    await tx.put(input(WS, 'api.tsb.tetrate.io/v2', 'Workspace', { namespaceSelector: { names: ['*/*'] } }), null);
    await tx.put(
      input(`${WS}/securitygroups/sec`, 'security.tsb.tetrate.io/v2', 'Group', { namespaceSelector: { names: ['*/*'] }, configMode: 'BRIDGED' }),
      null,
    );
    await tx.put(
      input(`${WS}/securitygroups/sec/settings/default`, 'security.tsb.tetrate.io/v2', 'SecuritySetting', { authorization: { mode: 'GROUP' } }),
      null,
    );
    for (const c of ['c0', 'c1']) {
      await tx.put(input(`${ORG}/clusters/${c}`, 'api.tsb.tetrate.io/v2', 'Cluster'), null);
      kids[c] = String((await issueClusterKey(tx, `${ORG}/clusters/${c}`, { bump: false })).kid);
    }
  });
  // GIVEN both agents connected once and were acknowledged (their statuses are stored)
  const first = await distributor(store);
  for (const c of ['c0', 'c1']) {
    const a = await connect(first.d, c, kids[c]);
    const last = a.call.snapshots().at(-1) as Snapshot;
    first.d.onAck(a.session, { version: last.version, ok: true, errors: [] });
  }
  await first.stop();
  const stored = (await store.getStatus(`${ORG}/clusters/c1`)).find((r) => r.source === '')?.status;
  assert.equal(stored?.trustDomain, 'c1.example', 'the stored status carries the trust domain');
  assert.equal((stored?.gateways as unknown[] | undefined)?.length, 1, 'and the gateways the agent reported');

  // WHEN the server restarts and only c0's agent has reconnected
  const second = await distributor(store);
  t.after(second.stop);
  const c0 = await connect(second.d, 'c0', kids.c0);
  // THEN the first snapshot c0 receives already allows c1's namespace too
  assert.deepEqual(allowedNamespaces(c0.call), ['bench', 'other']);

  // AND when c1's Cluster is deleted its seed leaves the view: c0's policy narrows to its own namespace
  const first0 = c0.call.snapshots()[0];
  second.d.onAck(c0.session, { version: first0.version, ok: true, errors: [] });
  await store.write('test', async (tx) => {
    await tx.remove(`${ORG}/clusters/c1`);
  });
  const deadline = Date.now() + 5_000;
  while (c0.call.snapshots().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const ap = c0.call.snapshots()[1]?.upserts.find((u) => u.key === AP);
  assert.ok(ap, 'c0 receives its policy again after the deletion');
  assert.deepEqual(
    (JSON.parse(ap.json.toString('utf8')) as { spec: { rules: { from: { source: { namespaces: string[] } }[] }[] } }).spec.rules[0].from[0].source.namespaces,
    ['bench'],
  );
});

test('GIVEN a live ClusterInfo WHEN its status is stored and read back THEN the mesh view key is the same (nothing translation reads is lost)', () => {
  const live: ClusterInfo = {
    name: 'c1',
    trustDomain: 'c1.example',
    namespaces: ['a', 'b'],
    services: [{ namespace: 'a', name: 'db', ports: [{ port: 5432 }] }],
    network: 'n1',
    region: 'eu',
    gateways: [{ namespace: 'gw', name: 'eastwest', kind: 'eastwest', addresses: ['10.0.0.1'], ports: [{ name: 'tls', port: 15443 }], hostnames: [] }],
  };
  const status = { namespaces: live.namespaces, services: ['a/db'], ...storedMeshInfo(live) };
  // Network and region come from the Cluster resource, for a seed as for a live agent.
  const seeded = seededInfo('c1', [{ fqn: 'x', source: '', status, updatedAt: '' }], { network: 'n1', region: 'eu' });
  assert.ok(seeded);
  assert.equal(meshView([seeded]).key, meshView([live]).key);
});

test('GIVEN a stored status without a trust domain (written before it was kept) WHEN seeded THEN the Cluster spec.trustDomain stands in; no status → no seed', () => {
  assert.equal(
    seededInfo('c', [{ fqn: 'x', source: '', status: { namespaces: ['a'], services: [] }, updatedAt: '' }], { trustDomain: 'spec.example' })?.trustDomain,
    'spec.example',
  );
  assert.equal(seededInfo('c', [], { trustDomain: 'spec.example' }), undefined);
});

test('GIVEN the store fails while an organization is seeded WHEN load() is called again THEN it reads again and seeds (a failure is not cached for good)', async () => {
  const records = [{ source: '', status: { namespaces: ['bookinfo'], services: [] } }] as unknown as Awaited<ReturnType<Store['getStatus']>>;
  let fail = true;
  let reads = 0;
  const errors: string[] = [];
  const store = {
    reader: {
      listChildren: async () => {
        reads++;
        if (fail) throw new Error('database is locked');
        return [{ fqn: `${ORG}/clusters/c1`, kind: 'Cluster', name: 'c1', spec: {} }];
      },
    },
    getStatus: async () => records,
  } as unknown as Pick<Store, 'reader' | 'getStatus'>;
  const seeds = new MeshSeeds(store, (err, org) => errors.push(`${org}: ${(err as Error).message}`));
  await seeds.load(ORG);
  assert.deepEqual(errors, [`${ORG}: database is locked`]);
  assert.deepEqual(seeds.infos(ORG, []), [], 'nothing seeded after the failure');
  fail = false;
  await seeds.load(ORG);
  assert.equal(reads, 2, 'the failed load is retried');
  assert.deepEqual(
    seeds.infos(ORG, []).map((i) => `${i.name} ${i.namespaces.join(',')}`),
    ['c1 bookinfo'],
  );
  await seeds.load(ORG);
  assert.equal(reads, 2, 'a successful load is not repeated');
});
