import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, credentials, loadPackageDefinition, status as GrpcStatus, type Client, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { SignJWT, importJWK, type JWK } from 'jose';
import { createStore, type ResourceInput } from '../../store/index.js';
import { AGENT_PROTO } from '../../gen/agent-proto.js';
import type { AgentMessage, Hello, ServerMessage } from '../../gen/agent-types.js';
import { PROTO_OPTIONS, startAgentServer } from './agent-server.js';
import { AGENT_AUDIENCE, issueClusterKey } from './credentials.js';
import type { Distributor } from './distributor.js';
import type { AgentSession } from './session.js';

const CLUSTER = 'organizations/tetrate/clusters/c1';
type Stream = ClientDuplexStream<AgentMessage, ServerMessage>;
type Ctor = new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client & { connect(md: Metadata): Stream };

/** What the fake distributor was asked to do. */
interface Calls {
  attach: number;
  routed: string[];
  detached: number;
}

/** A distributor stand-in whose attach follows `plan` per call: 'reject' (store blip), 'missing', 'ok'. */
function fakeDistributor(plan: readonly ('reject' | 'missing' | 'ok')[], calls: Calls): Distributor {
  return {
    opts: { replica: 'r1', heartbeatMs: 60_000 },
    attach: (_s: AgentSession, _h: Hello) => {
      const step = plan[calls.attach++] ?? 'ok';
      if (step === 'reject') return Promise.reject(new Error('Connection terminated unexpectedly'));
      return Promise.resolve(step === 'ok');
    },
    onAck: () => calls.routed.push('ack'),
    onInventory: () => calls.routed.push('inventory'),
    onHeartbeat: () => calls.routed.push('heartbeat'),
    detach: () => calls.detached++,
  } as unknown as Distributor;
}

async function setup(
  t: TestContext,
  plan: readonly ('reject' | 'missing' | 'ok')[],
): Promise<{ calls: Calls; open: () => Promise<{ stream: Stream; status: Promise<{ code: number; details: string }> }>; warnings: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-agent-server-'));
  const store = await createStore({ dataDir: dir });
  let jwk: JWK = { kty: 'EC' };
  await store.write('test', async (tx) => {
    const put = (fqn: string, kind: string): ResourceInput => ({
      fqn,
      parent: fqn.split('/').slice(0, -2).join('/'),
      apiVersion: 'api.tsb.tetrate.io/v2',
      kind,
      name: fqn.split('/').pop() ?? '',
      metadata: {},
      spec: {},
    });
    await tx.put(put('organizations/tetrate', 'Organization'), null);
    await tx.put(put(CLUSTER, 'Cluster'), null);
    jwk = await issueClusterKey(tx, CLUSTER, { bump: false });
  });
  const calls: Calls = { attach: 0, routed: [], detached: 0 };
  const warnings: string[] = [];
  const server = await startAgentServer({
    listen: '127.0.0.1:0',
    tls: null,
    store,
    distributor: fakeDistributor(plan, calls),
    log: { warn: (o) => warnings.push(JSON.stringify(o)) },
  });
  const pkg = loadPackageDefinition(fromJSON(AGENT_PROTO, PROTO_OPTIONS)) as unknown as { meshbridge: { agent: { v1: { AgentStream: Ctor } } } };
  const client = new pkg.meshbridge.agent.v1.AgentStream(`127.0.0.1:${server.port}`, credentials.createInsecure());
  t.after(async () => {
    client.close();
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: String(jwk.kid) })
      .setSubject(CLUSTER)
      .setAudience(AGENT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(jwk, 'ES256'));
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    const stream = client.connect(md);
    stream.on('data', () => {});
    const status = new Promise<{ code: number; details: string }>((resolve) => {
      stream.on('error', (e: ServiceError) => resolve({ code: e.code, details: e.details }));
      stream.on('end', () => resolve({ code: GrpcStatus.OK, details: '' }));
    });
    return { stream, status };
  };
  return { calls, open, warnings };
}

const hello: AgentMessage = {
  hello: { cluster: 'c1', agentVersion: 't', ackedVersion: '', applied: [], inventory: { namespaces: [], services: [], workloadTrust: [], gateways: [] } },
};
const inventory: AgentMessage = { inventory: { namespaces: ['ns1'], services: [], workloadTrust: [], gateways: [] } };
const ack: AgentMessage = { ack: { version: '1.x', ok: true, errors: [] } };

test('a store failure while attaching fails only that stream with UNAVAILABLE (no crash); nothing buffered or later is routed; the next connection works', async (t) => {
  const { calls, open, warnings } = await setup(t, ['reject', 'ok']);
  const first = await open();
  // An inventory before the Hello is buffered; an ACK after it would reach a dead session.
  first.stream.write(inventory);
  first.stream.write(hello);
  first.stream.write(ack);
  const st = await first.status;
  assert.equal(st.code, GrpcStatus.UNAVAILABLE);
  assert.match(st.details, /could not serve this stream \(Connection terminated unexpectedly\); reconnect/);
  assert.deepEqual(calls.routed, []);
  assert.equal(calls.detached >= 1, true, 'the half-attached session is detached');
  assert.ok(warnings.some((w) => /Connection terminated unexpectedly/.test(w)));
  // The process is still serving: the agent's reconnect attaches and its messages are routed.
  const second = await open();
  second.stream.write(hello);
  second.stream.write(ack);
  second.stream.end();
  assert.equal((await second.status).code, GrpcStatus.OK);
  assert.equal(calls.attach, 2);
  assert.deepEqual(calls.routed, ['ack']);
});

test('a cluster that no longer exists: NOT_FOUND, and neither buffered nor later messages are routed to the unattached session', async (t) => {
  const { calls, open } = await setup(t, ['missing']);
  const s = await open();
  s.stream.write(inventory);
  s.stream.write(hello);
  s.stream.write(ack);
  const st = await s.status;
  assert.equal(st.code, GrpcStatus.NOT_FOUND);
  assert.match(st.details, /cluster organizations\/tetrate\/clusters\/c1 does not exist/);
  assert.deepEqual(calls.routed, []);
});
