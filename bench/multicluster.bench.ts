// Benchmark (issue #17): how fast a gateway address change reaches the clusters that route to it.
// A real `meshbridge server` and simulated agents (real gRPC streams, in this process): 20 tier-1
// clusters run one Tier1Gateway that routes to the ingress gateways c1 and c2 report (an IngressGateway
// serves the hostname on them). Each round,
// c2's agent reports a new gateway address (an Inventory message); measured: the time until every
// tier-1 agent has received a snapshot whose ServiceEntry holds that address. Baseline, in the same
// run and on the same server: a plain config change (the Tier1Gateway's annotations, PUT over REST)
// reaching the same 20 agents. Rounds alternate subject and baseline.
// Run: npm run build && node scripts/run-bench.mjs multicluster   (BENCH_ROUNDS, BENCH_TIER1 to resize)
import { readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Metadata, credentials as grpcCreds, loadPackageDefinition, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { SignJWT, importJWK, type JWK } from 'jose';
import { AGENT_PROTO } from '../src/gen/agent-proto.js';
import type { AgentMessage, GatewayReport, Inventory, ServerMessage } from '../src/gen/agent-types.js';
import { MeshClient } from '../src/client/index.js';
import { startServer, tempDir } from '../test/clusters/_harness.js';

const PASSWORD = 'bench-Admin-pass-1';
const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/bench/workspaces/ws`;
const T1 = `${WS}/gatewaygroups/gw/tier1gateways/tier1`;
const HOST = 'shop.example.com';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TIER1 = Number(process.env.BENCH_TIER1 ?? 20);

type Ctor = new (
  a: string,
  c: ReturnType<typeof grpcCreds.createSsl>,
  o: object,
) => Client & { connect(md: Metadata): ClientDuplexStream<AgentMessage, ServerMessage> };
const AgentStream = (
  loadPackageDefinition(fromJSON(AGENT_PROTO, { keepCase: false, longs: Number, defaults: true, oneofs: true })) as unknown as {
    meshbridge: { agent: { v1: { AgentStream: Ctor } } };
  }
).meshbridge.agent.v1.AgentStream;

/** A simulated agent: says hello with its inventory, ACKs every snapshot, and reports when one contains a marker. */
class SimAgent {
  private stream!: ClientDuplexStream<AgentMessage, ServerMessage>;
  private waiting: { marker: string; resolve: (at: number) => void } | undefined;
  synced!: Promise<void>;

  constructor(
    readonly name: string,
    private readonly jwk: JWK & { kid: string },
  ) {}

  async connect(client: Client & { connect(md: Metadata): ClientDuplexStream<AgentMessage, ServerMessage> }, inventory: Inventory): Promise<void> {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid })
      .setSubject(`${ORG}/clusters/${this.name}`)
      .setAudience('meshbridge-agent')
      .setIssuedAt()
      .setExpirationTime('30m')
      .sign(await importJWK(this.jwk, 'ES256'));
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    this.stream = client.connect(md);
    let first: () => void = () => {};
    this.synced = new Promise((r) => (first = r));
    this.stream.on('data', (m: ServerMessage) => {
      if (m.heartbeat) this.stream.write({ heartbeat: { sentAtMs: Date.now() } });
      if (!m.snapshot) return;
      const now = Date.now();
      this.stream.write({ ack: { version: m.snapshot.version, ok: true, errors: [] } });
      first();
      const w = this.waiting;
      if (w && m.snapshot.upserts.some((u) => Buffer.from(u.json).toString('utf8').includes(w.marker))) {
        this.waiting = undefined;
        w.resolve(now);
      }
    });
    this.stream.on('error', () => {});
    this.stream.write({ hello: { cluster: this.name, agentVersion: 'bench', ackedVersion: '', applied: [], inventory } });
  }

  /** Resolves with the time a snapshot containing `marker` arrived. */
  expect(marker: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: ${marker} not received within 20 s`)), 20_000);
      this.waiting = {
        marker,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
  }

  report(inventory: Inventory): void {
    this.stream.write({ inventory });
  }

  close(): void {
    this.stream.cancel();
  }
}

const gateway = (address: string): GatewayReport => ({
  namespace: 'shop',
  name: 'shop-gw',
  kind: 'ingress',
  addresses: [address],
  ports: [{ name: 'tls', port: 15443, nodePort: 0, protocol: 'TCP' }],
  hostnames: [HOST],
  network: '',
  pods: [],
});
const inventoryOf = (ns: string, gws: GatewayReport[] = []): Inventory => ({ namespaces: [ns], services: [], workloadTrust: [], gateways: gws });

function tier1Spec(marker: string): Record<string, unknown> {
  return {
    workloadSelector: { namespace: 'tier1', labels: { app: 'tier1-gw' } },
    configGenerationMetadata: { annotations: { round: marker } },
    externalServers: [
      {
        name: 'shop',
        port: 80,
        hostname: HOST,
        clusters: [
          { name: 'c1', weight: 50 },
          { name: 'c2', weight: 50 },
        ],
      },
    ],
  };
}

async function seed(client: MeshClient): Promise<void> {
  const m = (extra: Record<string, string> & { name: string }) => ({ organization: 'tetrate', ...extra });
  await client.create(ORG, 'tenants', { apiVersion: 'api.tsb.tetrate.io/v2', kind: 'Tenant', metadata: m({ name: 'bench' }), spec: {} });
  await client.create(`${ORG}/tenants/bench`, 'workspaces', {
    apiVersion: 'api.tsb.tetrate.io/v2',
    kind: 'Workspace',
    metadata: m({ tenant: 'bench', name: 'ws' }),
    spec: { namespaceSelector: { names: ['*/tier1', '*/shop'] } },
  });
  await client.create(WS, 'gatewaygroups', {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'Group',
    metadata: m({ tenant: 'bench', workspace: 'ws', name: 'gw' }),
    spec: { namespaceSelector: { names: ['*/tier1', '*/shop'] }, configMode: 'BRIDGED' },
  });
  // What makes c1 and c2 expose HOST: an IngressGateway serving it on shop/shop-gw (the reported
  // hostnames alone route nothing).
  await client.create(`${WS}/gatewaygroups/gw`, 'ingressgateways', {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'IngressGateway',
    metadata: m({ tenant: 'bench', workspace: 'ws', group: 'gw', name: 'shop-gw' }),
    spec: {
      workloadSelector: { namespace: 'shop', labels: { app: 'shop-gw' } },
      http: [{ name: 'shop', port: 80, hostname: HOST, routing: { rules: [{ route: { host: 'shop/web.shop.svc.cluster.local', port: 80 } }] } }],
    },
  });
  await client.create(`${WS}/gatewaygroups/gw`, 'tier1gateways', {
    apiVersion: 'gateway.tsb.tetrate.io/v2',
    kind: 'Tier1Gateway',
    metadata: m({ tenant: 'bench', workspace: 'ws', group: 'gw', name: 'tier1' }),
    spec: tier1Spec('r0'),
  });
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const load = loadavg()[0].toFixed(1);
  const t = { after: (fn: () => Promise<void>) => cleanups.push(fn) };
  const cleanups: (() => Promise<void>)[] = [];
  const dir = await tempDir(t, 'mb-bench-mc-');
  const mp = await startServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  const agents: SimAgent[] = [];
  try {
    const ca = await readFile(mp.caFile, 'utf8');
    const client = new MeshClient({ address: mp.address, ca, credentials: { username: 'admin', password: PASSWORD } });
    await seed(client);
    const names = ['c1', 'c2', ...Array.from({ length: TIER1 }, (_, i) => `t${String(i).padStart(2, '0')}`)];
    const grpc = new AgentStream(mp.agentAddress, grpcCreds.createSsl(Buffer.from(ca)), { 'grpc.use_local_subchannel_pool': 1 });
    for (const name of names) {
      const res = (await client.create(ORG, 'clusters', {
        apiVersion: 'api.tsb.tetrate.io/v2',
        kind: 'Cluster',
        metadata: { organization: 'tetrate', name },
        spec: {},
      })) as unknown as {
        credentials: { jwk: JWK & { kid: string } };
      };
      const a = new SimAgent(name, res.credentials.jwk);
      agents.push(a);
      await a.connect(grpc, name.startsWith('t') ? inventoryOf('tier1') : inventoryOf('shop', [gateway(name === 'c1' ? '198.51.100.1' : '203.0.113.0')]));
    }
    await Promise.all(agents.map((a) => a.synced));
    const tier1 = agents.filter((a) => a.name.startsWith('t'));
    const c2 = agents[1];
    // Every tier-1 agent holds the ServiceEntry with c2's first address before measuring.
    await new Promise((r) => setTimeout(r, 2000));
    const subject: number[] = [];
    const baseline: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      // Subject: c2 reports a new gateway address.
      const address = `203.0.${Math.floor(r / 250) + 1}.${r % 250}`;
      let waits = tier1.map((a) => a.expect(`"${address}"`));
      const sent = Date.now();
      c2.report(inventoryOf('shop', [gateway(address)]));
      for (const at of await Promise.all(waits)) subject.push(at - sent);
      // Baseline: a plain config change of the Tier1Gateway.
      const marker = `round-${r}`;
      waits = tier1.map((a) => a.expect(marker));
      const current = await client.get(T1);
      const put = Date.now();
      await client.update(T1, { ...current, spec: tier1Spec(marker) });
      for (const at of await Promise.all(waits)) baseline.push(at - put);
      await new Promise((res) => setTimeout(res, 300));
    }
    subject.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const row = (xs: number[]) => ({ p50: pct(xs, 50), p99: pct(xs, 99), max: xs[xs.length - 1] });
    const s = row(subject);
    const b = row(baseline);
    console.log(`load average before: ${load}; ${ROUNDS} rounds × ${TIER1} tier-1 agents = ${subject.length} samples each`);
    console.log('| case | p50 (ms) | p99 (ms) | max (ms) | p99 ratio (subject / baseline) | target p99 ≤ 1000 ms |');
    console.log('|---|---:|---:|---:|---:|---|');
    console.log(
      `| gateway address change (c2 inventory) → ${TIER1} tier-1 agents | ${s.p50} | ${s.p99} | ${s.max} | ${(s.p99 / Math.max(b.p99, 1)).toFixed(2)} | ${s.p99 <= 1000 ? 'met' : '**not met**'} |`,
    );
    console.log(`| baseline: Tier1Gateway change (REST PUT) → same agents | ${b.p50} | ${b.p99} | ${b.max} | 1.00 | — |`);
  } finally {
    for (const a of agents) a.close();
    await mp.proc.stop();
    for (const c of cleanups) await c();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
