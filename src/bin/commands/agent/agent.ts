import { once } from 'node:events';
import { pino, type DestinationStream } from 'pino';
import { ClusterErrors, MeshError } from '../../../api/index.js';
import { defineCommand } from '../../../command/index.js';
import { VERSION } from '../../../cli/index.js';
import { startAgent } from '../../../agent/index.js';
import { logProcessWarnings } from '../../process-warnings.js';
import { cniInspector, parseCniConfDirs } from './_cni-nodes.js';

function required(v: string | undefined, name: string): string {
  if (v === undefined || v === '')
    throw new MeshError(ClusterErrors.AgentConfigInvalid, `--${name} is required (see meshbridge agent --help)`, { field: name });
  return v;
}

export default defineCommand({
  summary: 'Run the cluster agent: stream config from the management plane into the cluster',
  usage: '--management-plane HOST:PORT --cluster NAME --credentials FILE [--ca-file FILE] --sink kubernetes|directory:PATH --inventory kubernetes|file:PATH',
  description:
    'Connects to the management plane (gRPC over TLS, authenticated by the cluster service-account key), applies every snapshot through the sink, caches it on disk and keeps serving it while the management plane is unreachable.',
  examples: [
    'tctl install cluster-service-account --cluster c1 > c1.jwk',
    'meshbridge agent --management-plane mp.example.com:9443 --cluster c1 --credentials c1.jwk --ca-file ca.crt --sink directory:./gitops --inventory file:./inventory.yaml',
    'meshbridge agent --management-plane mp:9443 --cluster c1 --credentials /etc/meshbridge/jwk --sink kubernetes --inventory kubernetes',
  ],
  options: {
    'management-plane': {
      type: 'string',
      value: 'HOST:PORT[,…]',
      description: "the server's agent listener (meshbridge server --agent-listen, default :9443); several replicas comma-separated are tried in turn",
    },
    cluster: { type: 'string', value: 'NAME', description: 'the cluster name the credentials were issued for' },
    credentials: { type: 'string', value: 'FILE', description: 'the JWK from `tctl install cluster-service-account` (or the cluster-service-account Secret)' },
    'ca-file': { type: 'string', value: 'FILE', description: "CA bundle that signed the server's certificate (default: system roots)" },
    'server-name': { type: 'string', value: 'NAME', description: 'expected name in the server certificate when it differs from HOST' },
    insecure: { type: 'boolean', description: 'plaintext gRPC, only for a server started without TLS material' },
    sink: {
      type: 'string',
      value: 'SPEC',
      default: 'kubernetes',
      description: 'kubernetes (server-side apply) or directory:PATH (one YAML per object under PATH/<cluster>/)',
    },
    inventory: { type: 'string', value: 'SPEC', default: 'kubernetes', description: 'kubernetes or file:PATH (YAML/JSON with namespaces, services and pods)' },
    'health-interval': {
      type: 'string',
      value: 'DURATION',
      default: '30s',
      description: 'how often to probe every sidecar (pod IP:15021); 0 = only when asked',
    },
    'health-concurrency': { type: 'string', value: 'N', default: '128', description: 'sidecar probes in parallel at most' },
    'health-timeout': { type: 'string', value: 'DURATION', default: '2s', description: 'deadline of one sidecar probe request' },
    'cni-conf-dir': {
      type: 'string',
      multiple: true,
      value: '[NODE=]DIR',
      description: "a node's CNI config directory to report its istio-cni chain for tctl x doctor (repeatable; DIR alone = this host's)",
    },
    'state-dir': { type: 'string', value: 'DIR', description: 'snapshot cache folder (default PATH/<cluster>/.meshbridge for the directory sink)' },
    'log-level': { type: 'string', value: 'LEVEL', default: 'info', description: 'debug, info, warn or error' },
  },
  async run({ io, options }) {
    const log = pino({ level: options['log-level'], base: { component: 'agent', cluster: options.cluster } }, io.stdout as unknown as DestinationStream);
    logProcessWarnings(log);
    const cniDirs = parseCniConfDirs(options['cni-conf-dir'], io.cwd);
    const agent = await startAgent({
      managementPlane: required(options['management-plane'], 'management-plane'),
      cluster: required(options['cluster'], 'cluster'),
      credentials: required(options['credentials'], 'credentials'),
      caFile: options['ca-file'],
      serverName: options['server-name'],
      insecure: options.insecure === true,
      sink: options.sink,
      inventory: options.inventory,
      stateDir: options['state-dir'],
      health: { interval: options['health-interval'], concurrency: options['health-concurrency'], timeout: options['health-timeout'] },
      ...(cniDirs.length ? { cni: cniInspector(cniDirs) } : {}),
      agentVersion: VERSION,
      log,
    });
    const signal = await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
    log.info({ signal }, 'stopping');
    await agent.stop();
    return 0;
  },
});
