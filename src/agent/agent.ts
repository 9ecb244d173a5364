import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClusterErrors, MeshError } from '../api/index.js';
import { readCredentials, type ClusterCredentials } from './credentials-file.js';
import { DirectorySink } from './sinks/directory-sink.js';
import type { Sink } from './sinks/sink.js';
import { FileInventory } from './inventory/file-inventory.js';
import type { InventorySource } from './inventory/inventory.js';
import { StateCache } from './state-cache.js';
import { StreamClient, type AgentLog } from './stream-client.js';
import { parseHealthFlags, type HealthFlags } from './health/prober-options.js';
import type { CniInspector } from './cni-reporter.js';

/** What `meshbridge agent` (and `meshbridge up` for the demo cluster) passes in. */
export interface AgentOptions {
  /** `host:port` of the management plane's agent listener; several replicas comma-separated. */
  readonly managementPlane: string;
  readonly cluster: string;
  /** Path of the credentials file, or the credentials themselves. */
  readonly credentials: string | ClusterCredentials;
  /** CA bundle file for the server certificate; omitted = system roots. */
  readonly caFile?: string;
  /** Plaintext gRPC (only for a server without TLS material). */
  readonly insecure?: boolean;
  readonly serverName?: string;
  /** `directory:PATH` or `kubernetes`. */
  readonly sink: string;
  /** `file:PATH` or `kubernetes`. */
  readonly inventory: string;
  /** Where the snapshot cache lives; default `<PATH>/<cluster>/.meshbridge` (directory sink). */
  readonly stateDir?: string;
  readonly agentVersion: string;
  readonly log: AgentLog;
  /** Sidecar prober flags (`--health-interval`, `--health-concurrency`, `--health-timeout`). */
  readonly health?: HealthFlags;
  /** Issue #13: inspects the nodes' CNI chains (built by the binary from --cni-conf-dir). */
  readonly cni?: CniInspector;
}

/** A running agent. */
export interface RunningAgent {
  readonly client: StreamClient;
  stop(): Promise<void>;
}

function bad(option: string, msg: string): never {
  throw new MeshError(ClusterErrors.AgentConfigInvalid, `--${option}: ${msg}`, { field: option });
}

async function makeSink(spec: string, cluster: string): Promise<{ sink: Sink; defaultState: string }> {
  if (spec.startsWith('directory:')) {
    const path = spec.slice('directory:'.length);
    if (!path) bad('sink', 'directory: needs a path, e.g. directory:./data/clusters');
    const root = join(resolve(path), cluster);
    return { sink: new DirectorySink(root), defaultState: join(root, '.meshbridge') };
  }
  if (spec === 'kubernetes') {
    const { KubernetesSink } = await import('./sinks/kubernetes-sink.js');
    return { sink: await KubernetesSink.fromDefaultConfig(cluster), defaultState: resolve('meshbridge-agent-state', cluster) };
  }
  return bad('sink', `${JSON.stringify(spec)} is not kubernetes or directory:PATH`);
}

async function makeInventory(spec: string): Promise<InventorySource> {
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    if (!path) bad('inventory', 'file: needs a path to a YAML or JSON file');
    const inv = new FileInventory(resolve(path));
    await inv.read();
    return inv;
  }
  if (spec === 'kubernetes') {
    const { KubernetesInventory } = await import('./inventory/kubernetes-inventory.js');
    return KubernetesInventory.fromDefaultConfig();
  }
  return bad('inventory', `${JSON.stringify(spec)} is not kubernetes or file:PATH`);
}

/** Starts an agent: validates every option first (nothing half-started on bad input), then connects. */
export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  for (const address of opts.managementPlane.split(',')) {
    if (!/^[^\s:]+:\d+$|^\[[^\]]+\]:\d+$/.test(address.trim()))
      bad('management-plane', `${JSON.stringify(address)}: expected host:port (several replicas comma-separated), e.g. mp.example.com:9443`);
  }
  // Flag syntax first, so a typo is reported before any file is read or anything is started.
  if (opts.sink !== 'kubernetes' && !/^directory:.+/.test(opts.sink)) bad('sink', `${JSON.stringify(opts.sink)} is not kubernetes or directory:PATH`);
  if (opts.inventory !== 'kubernetes' && !/^file:.+/.test(opts.inventory)) bad('inventory', `${JSON.stringify(opts.inventory)} is not kubernetes or file:PATH`);
  const health = parseHealthFlags(opts.health ?? {});
  const credentials = typeof opts.credentials === 'string' ? await readCredentials(opts.credentials) : opts.credentials;
  const name = credentials.clusterFqn.slice(credentials.clusterFqn.lastIndexOf('/') + 1);
  if (opts.cluster !== name && opts.cluster !== credentials.clusterFqn) {
    throw new MeshError(ClusterErrors.ClusterMismatch, `--cluster ${opts.cluster}: the credentials were issued for ${credentials.clusterFqn}`, {
      field: 'cluster',
    });
  }
  let ca: Buffer | undefined | null = opts.insecure ? null : undefined;
  if (opts.caFile && !opts.insecure) ca = await readFile(opts.caFile).catch((e: Error) => bad('ca-file', e.message));
  const { sink, defaultState } = await makeSink(opts.sink, name);
  const inventory = await makeInventory(opts.inventory);
  const cache = new StateCache(join(opts.stateDir ?? defaultState, 'snapshot.json'));
  const client = new StreamClient({
    managementPlane: opts.managementPlane,
    cluster: name,
    credentials,
    ca,
    serverName: opts.serverName,
    sink,
    inventory,
    cache,
    agentVersion: opts.agentVersion,
    log: opts.log,
    health,
    cni: opts.cni,
  });
  await client.start();
  return { client, stop: () => client.stop() };
}
