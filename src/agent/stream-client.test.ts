import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials, loadPackageDefinition, type GrpcObject, type ServerDuplexStream, type ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { exportJWK, generateKeyPair } from 'jose';
import { AGENT_PROTO } from '../gen/agent-proto.js';
import type { AgentMessage, Ack, Hello, Inventory, ServerMessage, Snapshot } from '../gen/agent-types.js';
import { StreamClient } from './stream-client.js';
import { StateCache } from './state-cache.js';
import type { Sink, SinkError, SinkObject } from './sinks/sink.js';
import type { InventorySource } from './inventory/inventory.js';

type Call = ServerDuplexStream<AgentMessage, ServerMessage>;

/** One agent connection as the fake server saw it. */
interface Conn {
  hello: Hello;
  acks: Ack[];
  inventories: Inventory[];
  ended: Promise<void>;
}

/**
 * A fake management plane: on every Hello it answers Welcome and the snapshot `snapshotFor(n)`
 * (n = connection number), records ACKs, and ends the stream when the agent half-closes.
 */
async function fakeServer(t: TestContext, snapshotFor: (n: number) => Snapshot): Promise<{ port: number; conns: Conn[]; next: (n: number) => Promise<Conn> }> {
  const pkg = loadPackageDefinition(fromJSON(AGENT_PROTO, { keepCase: false, longs: Number, defaults: true, oneofs: true })) as unknown as {
    meshbridge: { agent: { v1: GrpcObject } };
  };
  const service = (pkg.meshbridge.agent.v1.AgentStream as unknown as { service: ServiceDefinition }).service;
  const conns: Conn[] = [];
  const waiters: (() => void)[] = [];
  const server = new Server();
  server.addService(service, {
    connect: (call: Call) => {
      let conn: Conn | undefined;
      let ended!: () => void;
      const endedP = new Promise<void>((r) => (ended = r));
      call.on('data', (m: AgentMessage) => {
        if (m.hello) {
          conn = { hello: m.hello, acks: [], inventories: [], ended: endedP };
          conns.push(conn);
          call.write({ welcome: { serverId: 'fake', heartbeatIntervalMs: 10_000, currentVersion: '' } });
          call.write({ snapshot: snapshotFor(conns.length) });
          for (const w of waiters.splice(0)) w();
        } else if (m.ack) {
          conn?.acks.push(m.ack);
          for (const w of waiters.splice(0)) w();
        } else if (m.inventory) {
          conn?.inventories.push(m.inventory);
          for (const w of waiters.splice(0)) w();
        }
      });
      call.on('end', () => {
        ended();
        call.end();
      });
      call.on('error', () => ended());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  t.after(() => server.forceShutdown());
  /** Resolves once connection n exists and has at least one ACK. */
  const next = async (n: number): Promise<Conn> => {
    for (let i = 0; i < 200 && !(conns.length >= n && conns[n - 1].acks.length > 0); i++) await new Promise<void>((r) => waiters.push(r));
    assert.ok(conns[n - 1]?.acks.length, `connection ${n} acknowledged`);
    return conns[n - 1];
  };
  return { port, conns, next };
}

const VS = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { namespace: 'ns1', name: 'a' }, spec: { hosts: ['a'] } };
const snapshot = (version: string, extra: Snapshot['upserts'] = []): Snapshot => ({
  version,
  full: true,
  upserts: [{ key: 'ns1/VirtualService/a', hash: 'h1', fqn: 'f/a', json: Buffer.from(JSON.stringify(VS)) }, ...extra],
  removes: [],
});

async function client(
  t: TestContext,
  port: number,
  sink: Sink,
  cache?: (c: StateCache) => StateCache,
  inventory: InventorySource = {
    read: () => Promise.resolve({ namespaces: ['ns1'], services: [], workloadTrust: [], gateways: [] }),
    watch: () => () => {},
  },
): Promise<{ c: StreamClient; cacheFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-stream-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'organizations/o/clusters/c1#1' };
  const cacheFile = join(dir, 'snapshot.json');
  const real = new StateCache(cacheFile);
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  const c = new StreamClient({
    managementPlane: `127.0.0.1:${port}`,
    cluster: 'c1',
    credentials: { clusterFqn: 'organizations/o/clusters/c1', jwk },
    ca: null,
    sink,
    inventory,
    cache: cache ? cache(real) : real,
    agentVersion: 't',
    log,
    maxBackoffMs: 50,
  });
  t.after(() => c.stop());
  await c.start();
  return { c, cacheFile };
}

/** A sink whose n-th apply does `plan[n]` ('throw' ENOSPC, 'retry' error, or 'ok'). */
function scriptedSink(plan: readonly ('throw' | 'retry' | 'ok')[]): Sink & { calls: number } {
  const sink = {
    name: 'scripted',
    calls: 0,
    apply(_u: readonly SinkObject[]): Promise<SinkError[]> {
      const step = plan[sink.calls++] ?? 'ok';
      if (step === 'throw') return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, mkdir'), { code: 'ENOSPC' }));
      return Promise.resolve(
        step === 'retry' ? [{ key: '*/VirtualService/*', fqn: '', message: 'cannot list VirtualService to prune: 503', retry: true }] : [],
      );
    },
    repair: () => Promise.resolve(0),
  };
  return sink;
}

test('a sink that throws (ENOSPC) or asks for a retry: the agent NACKs with the reason, keeps its state, reconnects and applies it again — no crash', async (t) => {
  const fake = await fakeServer(t, () => snapshot('1.a'));
  const sink = scriptedSink(['throw', 'retry', 'ok']);
  const { cacheFile } = await client(t, fake.port, sink);
  const first = await fake.next(1);
  assert.equal(first.acks[0].ok, false);
  assert.deepEqual(
    first.acks[0].errors.map((e) => [e.key, e.fqn]),
    [['ns1/VirtualService/a', 'f/a']],
  );
  assert.match(first.acks[0].errors[0].message, /snapshot 1\.a not applied, will retry: ENOSPC/);
  await first.ended;
  const second = await fake.next(2);
  assert.deepEqual(second.hello.applied, [], 'the failed snapshot is not claimed as held');
  assert.equal(second.acks[0].ok, false);
  assert.match(second.acks[0].errors[0].message, /cannot list VirtualService to prune/);
  const third = await fake.next(3);
  assert.equal(third.acks[0].ok, true);
  assert.equal(sink.calls, 3);
  const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { version: string; objects: { key: string }[] };
  assert.equal(cached.version, '1.a');
  assert.deepEqual(
    cached.objects.map((o) => o.key),
    ['ns1/VirtualService/a'],
  );
});

test('a cache that cannot be saved: NACK, nothing claimed as held, retried after reconnect', async (t) => {
  const fake = await fakeServer(t, () => snapshot('2.b'));
  let saves = 0;
  await client(t, fake.port, scriptedSink([]), (real) => {
    const save = real.save.bind(real);
    real.save = (s) => (++saves === 1 ? Promise.reject(new Error('ENOSPC: no space left on device, write')) : save(s));
    return real;
  });
  const first = await fake.next(1);
  assert.equal(first.acks[0].ok, false);
  assert.match(first.acks[0].errors[0].message, /ENOSPC/);
  const second = await fake.next(2);
  assert.deepEqual(second.hello.applied, [], 'memory state was not advanced past the disk');
  assert.equal(second.acks[0].ok, true);
});

test('an upsert that is not JSON is a per-object NACK; the others are applied and the stream stays', async (t) => {
  const fake = await fakeServer(t, () => snapshot('3.c', [{ key: 'ns1/VirtualService/bad', hash: 'h2', fqn: 'f/bad', json: Buffer.from('{not json') }]));
  const applied: string[] = [];
  const sink: Sink = { name: 'rec', apply: (u) => (applied.push(...u.map((o) => o.key)), Promise.resolve([])), repair: () => Promise.resolve(0) };
  await client(t, fake.port, sink);
  const first = await fake.next(1);
  assert.equal(first.acks[0].ok, false);
  assert.deepEqual(
    first.acks[0].errors.map((e) => e.key),
    ['ns1/VirtualService/bad'],
  );
  assert.match(first.acks[0].errors[0].message, /not valid JSON/);
  assert.deepEqual(applied, ['ns1/VirtualService/a']);
  assert.equal(fake.conns.length, 1);
});

test('the inventory is sent only when it changed: a watch that fires with the same content sends nothing (each one is a status write on the server)', async (t) => {
  const srv = await fakeServer(t, (n) => snapshot(`v${n}`));
  let namespaces = ['ns1'];
  let fire: () => void = () => {};
  const inventory: InventorySource = {
    read: () => Promise.resolve({ namespaces: [...namespaces], services: [], workloadTrust: [], gateways: [] }),
    watch: (cb) => {
      fire = cb;
      return () => {};
    },
  };
  await client(t, srv.port, scriptedSink(['ok']), undefined, inventory);
  const conn = await srv.next(1);
  assert.deepEqual(conn.hello.inventory?.namespaces, ['ns1']);
  const settle = () => new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 3; i++) fire();
  await settle();
  assert.equal(conn.inventories.length, 0, 'unchanged inventory re-read three times: nothing sent');
  namespaces = ['ns1', 'ns2'];
  fire();
  fire();
  await settle();
  assert.deepEqual(
    conn.inventories.map((i) => i.namespaces),
    [['ns1', 'ns2']],
    'a change is sent once',
  );
});
