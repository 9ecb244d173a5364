// TEST CODE: an emulation of one Istio sidecar (pilot-agent + Envoy), written from
// /work/shared/reference/istio.md section 1, for tests and benchmarks. Nothing here runs in
// production; Envoy and pilot-agent cannot run on this machine, so tests reach their documented
// contract through these real HTTP servers on loopback:
//   15021  Envoy's static readiness listener: prefix /healthz/ready → cluster `agent` (15020);
//          when the agent does not answer, Envoy itself replies 503 with its local-reply body.
//   15020  pilot-agent's status server: /healthz/ready (the xDS prober, then the LIVE/workers
//          prober, each cached forever after its first success; termination checked every time;
//          DNS-capture readiness last), /stats/prometheus (agent metrics + Envoy's prometheus
//          stats), /app-health/<container>/readyz|livez|startupz from ISTIO_KUBE_APP_PROBERS.
//   15000  Envoy admin: /stats?usedonly&filter=RE, /server_info, /ready, /config_dump.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** Envoy's server states, by the value of the `server.state` gauge. */
export const ENVOY_STATES = ['LIVE', 'DRAINING', 'PRE_INITIALIZING', 'INITIALIZING'] as const;

/** What the emulated Envoy holds; mutate it between requests to move the sidecar along. */
export interface EnvoyEmulationState {
  cds: { success: number; rejected: number };
  lds: { success: number; rejected: number };
  /** server.state gauge: 0 LIVE, 1 DRAINING, 2 PRE_INITIALIZING, 3 INITIALIZING. */
  serverState: 0 | 1 | 2 | 3;
  workersStarted: 0 | 1;
  /** Resources the control plane sent and Envoy rejected (config_dump error_state). */
  rejected: { type: 'listener' | 'cluster'; name: string; details: string }[];
}

/** What the emulated pilot-agent does besides probing Envoy. */
export interface AgentEmulationState {
  /** Set when the agent's context was cancelled ("server is terminated: <cause>"). */
  terminated?: string;
  /** undefined: DNS capture off; false: capture on and no name table yet; true: table received. */
  dnsReady?: boolean;
  /** ISTIO_KUBE_APP_PROBERS, already parsed. */
  appProbers: Record<string, AppProber>;
}

/** One rewritten application probe (reference 1.4). */
export interface AppProber {
  httpGet?: { path: string; port: number; host?: string };
  tcpSocket?: { port: number };
  timeoutSeconds?: number;
}

/** Which processes of the pod run. */
export interface SidecarEmulationOptions {
  host?: string;
  /** Fixed ports (a pod's real ports); 0 or omitted = ephemeral. */
  ports?: { ready?: number; agent?: number; admin?: number };
  /** false: Envoy is not running (nothing listens on 15021 or 15000). */
  envoy?: boolean;
  /** false: pilot-agent is not running (nothing listens on 15020). */
  agent?: boolean;
  envoyState?: Partial<EnvoyEmulationState>;
  agentState?: Partial<AgentEmulationState>;
  /**
   * 'loopback' (default): Envoy's readiness route reaches pilot-agent over a real loopback hop, as in
   * a pod. 'in-process': the route calls the emulated agent's readiness check directly (same answers,
   * same 503 local reply when the agent is down) — for benchmarks where thousands of emulated pods
   * share two cores, so the harness's own hop does not drown the prober being measured.
   */
  upstream?: 'loopback' | 'in-process';
}

/** A running emulated sidecar. */
export interface SidecarEmulation {
  readonly host: string;
  readonly ports: { ready: number; agent: number; admin: number };
  readonly envoy: EnvoyEmulationState;
  readonly agent: AgentEmulationState;
  /** pilot-agent's log lines ("Envoy proxy is NOT ready: …", "Envoy proxy is ready"). */
  readonly log: string[];
  /** Requests the admin interface answered, as paths. */
  readonly adminRequests: string[];
  close(): Promise<void>;
}

const XDS_FILTER = '^(cluster_manager\\.cds|listener_manager\\.lds)\\.(update_success|update_rejected)$';
const LIVE_FILTER = '^(server\\.state|listener_manager\\.workers_started)';

function envoyStats(s: EnvoyEmulationState): { name: string; value: number; counter: boolean }[] {
  return [
    { name: 'cluster_manager.cds.update_success', value: s.cds.success, counter: true },
    { name: 'cluster_manager.cds.update_rejected', value: s.cds.rejected, counter: true },
    { name: 'listener_manager.lds.update_success', value: s.lds.success, counter: true },
    { name: 'listener_manager.lds.update_rejected', value: s.lds.rejected, counter: true },
    { name: 'listener_manager.workers_started', value: s.workersStarted, counter: false },
    { name: 'server.state', value: s.serverState, counter: false },
  ];
}

function adminHandler(s: EnvoyEmulationState, seen: string[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://admin');
    seen.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/stats') {
      // usedonly: a counter never incremented is not listed; gauges are set at start-up.
      const usedOnly = url.searchParams.has('usedonly');
      const filter = url.searchParams.get('filter');
      const re = filter ? new RegExp(filter) : undefined;
      const lines = envoyStats(s)
        .filter((x) => !(usedOnly && x.counter && x.value === 0))
        .filter((x) => !re || re.test(x.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((x) => `${x.name}: ${x.value}\n`);
      res.setHeader('content-type', 'text/plain; charset=UTF-8');
      res.end(lines.join(''));
      return;
    }
    if (url.pathname === '/server_info') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          {
            version: 'emulation/1.0/Clean/RELEASE/BoringSSL',
            state: ENVOY_STATES[s.serverState],
            hot_restart_version: 'disabled',
            command_line_options: { concurrency: 2 },
            uptime_current_epoch: '12s',
            uptime_all_epochs: '12s',
          },
          null,
          2,
        ),
      );
      return;
    }
    if (url.pathname === '/ready') {
      res.statusCode = s.serverState === 0 ? 200 : 503;
      res.end(`${ENVOY_STATES[s.serverState]}\n`);
      return;
    }
    if (url.pathname === '/config_dump') {
      const dynamic = (type: 'listener' | 'cluster') =>
        s.rejected
          .filter((r) => r.type === type)
          .map((r) => ({
            name: r.name,
            error_state: { failed_configuration: { name: r.name }, last_update_attempt: '2026-12-06T10:00:00Z', details: r.details },
          }));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          configs: [
            { '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: dynamic('cluster') },
            { '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', dynamic_listeners: dynamic('listener') },
          ],
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end('invalid path. admin commands are:\n');
  };
}

function httpGetText(host: string, port: number, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function parseStatLines(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) m.set(line.slice(0, i), Number(line.slice(i + 2)));
  }
  return m;
}

/** pilot-agent's readiness check, in its order; resolves to the error text or undefined (ready). */
class AgentProbers {
  private xdsCached = false;
  private liveCached = false;
  constructor(
    private readonly host: string,
    private readonly adminPort: () => number,
    private readonly state: AgentEmulationState,
  ) {}

  async check(): Promise<string | undefined> {
    if (!this.xdsCached) {
      const s = parseStatLines((await httpGetText(this.host, this.adminPort(), `/stats?usedonly&filter=${encodeURIComponent(XDS_FILTER)}`, 1000)).body);
      const cs = s.get('cluster_manager.cds.update_success') ?? 0;
      const cr = s.get('cluster_manager.cds.update_rejected') ?? 0;
      const ls = s.get('listener_manager.lds.update_success') ?? 0;
      const lr = s.get('listener_manager.lds.update_rejected') ?? 0;
      const counts = `cds updates: ${cs} successful, ${cr} rejected; lds updates: ${ls} successful, ${lr} rejected`;
      if (!(cs > 0 && ls > 0)) {
        if (cs + cr + ls + lr === 0) return `config not received from XDS server (is Istiod running?): ${counts}`;
        if (cr > 0 || lr > 0) return `config received from XDS server, but was rejected: ${counts}`;
        return `config not fully received from XDS server: ${counts}`;
      }
      this.xdsCached = true;
    }
    if (this.state.terminated !== undefined) return `server is terminated: ${this.state.terminated}`;
    if (!this.liveCached) {
      const s = parseStatLines((await httpGetText(this.host, this.adminPort(), `/stats?usedonly&filter=${encodeURIComponent(LIVE_FILTER)}`, 3000)).body);
      const state = s.get('server.state');
      const workers = s.get('listener_manager.workers_started');
      if (state === undefined || workers === undefined) return 'missing server.state or listener_manager.workers_started in the stats';
      if (state !== 0) return `server is not live, current state is: ${ENVOY_STATES[state] ?? state}`;
      if (workers !== 1) return 'workers have not yet started';
      this.liveCached = true;
    }
    if (this.state.dnsReady === false) return 'istio DNS capture is turned ON and DNS lookup table is not ready yet';
    return undefined;
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function reply(res: ServerResponse, status: number, body = ''): void {
  res.statusCode = status;
  res.end(body);
}

async function appProbe(host: string, p: AppProber): Promise<{ status: number; body: string }> {
  const timeoutMs = (p.timeoutSeconds ?? 1) * 1000;
  if (p.tcpSocket) {
    const port = p.tcpSocket.port;
    return new Promise((resolve) => {
      const sock = connect({ host, port, timeout: timeoutMs }, () => {
        sock.destroy();
        resolve({ status: 200, body: '' });
      });
      sock.on('error', () => resolve({ status: 500, body: '' }));
      sock.on('timeout', () => {
        sock.destroy();
        resolve({ status: 500, body: '' });
      });
    });
  }
  if (!p.httpGet) return { status: 500, body: '' };
  try {
    const r = await httpGetText(host, p.httpGet.port, p.httpGet.path, timeoutMs);
    return r.status >= 300 && r.status < 400 ? { status: 200, body: '' } : { status: r.status, body: r.body.slice(0, 10 * 1024) };
  } catch {
    return { status: 500, body: '' };
  }
}

/** Starts one emulated sidecar; pass `ports` to take a pod's real port numbers on its own address. */
export async function startSidecarEmulation(opts: SidecarEmulationOptions = {}): Promise<SidecarEmulation> {
  const host = opts.host ?? '127.0.0.1';
  const envoy: EnvoyEmulationState = {
    cds: { success: 1, rejected: 0 },
    lds: { success: 1, rejected: 0 },
    serverState: 0,
    workersStarted: 1,
    rejected: [],
    ...opts.envoyState,
  };
  const agent: AgentEmulationState = { appProbers: {}, ...opts.agentState };
  const log: string[] = [];
  const adminRequests: string[] = [];
  const servers: Server[] = [];
  const ports = { ready: opts.ports?.ready ?? 0, agent: opts.ports?.agent ?? 0, admin: opts.ports?.admin ?? 0 };
  const envoyUp = opts.envoy !== false;
  const agentUp = opts.agent !== false;
  let pool: Agent | undefined;
  try {
    if (envoyUp) {
      const admin = createServer(adminHandler(envoy, adminRequests));
      servers.push(admin);
      ports.admin = await listen(admin, host, ports.admin);
    }
    const probers = new AgentProbers(host, () => ports.admin, agent);
    let wasReady = false;
    // pilot-agent's /healthz/ready: the status code only, no body.
    const agentReady = (): Promise<number> =>
      probers.check().then(
        (err) => {
          if (err === undefined) {
            if (!wasReady) log.push('Envoy proxy is ready');
            wasReady = true;
            return 200;
          }
          wasReady = false;
          log.push(`Envoy proxy is NOT ready: ${err}`);
          return 503;
        },
        (e: Error) => {
          log.push(`Envoy proxy is NOT ready: failed to get readiness stats: ${e.message}`);
          return 503;
        },
      );
    const agentServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://agent');
      if (url.pathname === '/healthz/ready') {
        void agentReady().then((status) => reply(res, status));
        return;
      }
      if (url.pathname === '/stats/prometheus' || url.pathname === '/metrics') {
        const own = '# TYPE istio_agent_scrapes_total counter\nistio_agent_scrapes_total 1\n';
        const fromEnvoy = envoyUp
          ? envoyStats(envoy)
              .map((x) => `# TYPE envoy_${x.name.replace(/\./g, '_')} ${x.counter ? 'counter' : 'gauge'}\nenvoy_${x.name.replace(/\./g, '_')}{} ${x.value}\n`)
              .join('')
          : '';
        res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
        return reply(res, 200, own + fromEnvoy);
      }
      if (/^\/app-(health|lifecycle)\//.test(url.pathname)) {
        const p = agent.appProbers[url.pathname];
        if (!p) return reply(res, 400, `app prober config does not exists for ${url.pathname}`);
        void appProbe(host, p).then((r) => reply(res, r.status, r.body));
        return;
      }
      reply(res, 404);
    });
    if (agentUp) {
      servers.push(agentServer);
      ports.agent = await listen(agentServer, host, ports.agent);
    }
    if (envoyUp) {
      // Envoy's readiness listener: only /healthz/ready is routed, to the agent with a 250 ms connect
      // timeout, over Envoy's pooled upstream connections.
      // Idle pooled sockets close after 4 s, before the agent's 5 s keep-alive timeout closes them under us.
      pool = new Agent({ keepAlive: true, maxSockets: 8, timeout: 4000 });
      const upstream = pool;
      const localReply = (res: ServerResponse): void => {
        res.statusCode = 503;
        res.setHeader('content-type', 'text/plain');
        res.setHeader('server', 'envoy');
        res.end(
          'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
        );
      };
      const inProcess = opts.upstream === 'in-process';
      const ready = createServer((req, res) => {
        if (!(req.url ?? '').startsWith('/healthz/ready')) return reply(res, 404);
        if (inProcess) {
          if (!agentUp) return localReply(res);
          void agentReady().then((status) => {
            res.setHeader('server', 'envoy');
            reply(res, status);
          });
          return;
        }
        const up = request({ host, port: ports.agent, path: req.url, method: req.method, agent: upstream }, (r) => {
          res.statusCode = r.statusCode ?? 502;
          res.setHeader('server', 'envoy');
          r.pipe(res);
        });
        // The bootstrap's connect_timeout applies to connecting only, not to the agent's answer.
        up.on('socket', (sock) => {
          if (!sock.connecting) return;
          const t = setTimeout(() => up.destroy(new Error('connect timeout')), 250);
          sock.once('connect', () => clearTimeout(t));
          sock.once('close', () => clearTimeout(t));
        });
        up.on('error', () => {
          if (res.headersSent) return res.destroy();
          localReply(res);
        });
        up.end();
      });
      servers.push(ready);
      ports.ready = await listen(ready, host, ports.ready);
    }
  } catch (e) {
    pool?.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw e;
  }
  return {
    host,
    ports,
    envoy,
    agent,
    log,
    adminRequests,
    close: async () => {
      pool?.destroy();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((r) => {
              s.close(r);
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
